package main

import (
	"fmt"
	"net/http"
	"time"
)

type config struct {
	Timeout time.Duration
}

func main() {
	cfg := config{Timeout: time.Minute}
	a := &http.Client{Timeout: 10 * time.Second}
	b := &http.Client{
		Transport: http.DefaultTransport,
		Timeout:   cfg.Timeout,
	}
	// streams server-sent events: no overall timeout, on purpose
	c := http.Client{Timeout: 0}
	fmt.Println(a, b, c.Timeout)
}
