package main

import (
	"fmt"
	"net/http"
	"time"
)

func newClient() *http.Client {
	return &http.Client{Transport: http.DefaultTransport}
}

func main() {
	c := newClient()
	c.Timeout = 15 * time.Second
	fmt.Println(c)
}
