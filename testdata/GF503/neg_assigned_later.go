package main

import (
	"fmt"
	"net/http"
	"os"
	"time"
)

func main() {
	c := &http.Client{Transport: http.DefaultTransport}
	if os.Getenv("SLOW") == "" {
		c.Timeout = 5 * time.Second
	}
	var d http.Client = http.Client{}
	d.Timeout = time.Minute
	fmt.Println(c, d.Timeout)
}

type api struct {
	hc *http.Client
}

func newAPI() *api {
	a := &api{}
	a.hc = &http.Client{}
	a.hc.Timeout = 20 * time.Second
	return a
}

func init() { fmt.Println(newAPI()) }
