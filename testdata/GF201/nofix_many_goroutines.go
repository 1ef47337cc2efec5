package p

import (
	"context"
	"time"
)

func probe(host string) string { return host }

// One goroutine per host, one receive: no fix.
func First(ctx context.Context, hosts []string) string {
	ch := make(chan string) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	for _, h := range hosts {
		go func() { ch <- probe(h) }()
	}
	select {
	case s := <-ch:
		return s
	case <-ctx.Done():
		return ""
	}
}

// Two goroutines.
func Race(d time.Duration) string {
	ch := make(chan string) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() { ch <- probe("a") }()
	go func() { ch <- probe("b") }()
	select {
	case s := <-ch:
		return s
	case <-time.After(d):
		return ""
	}
}
