package p

import (
	"context"
	"sync"
)

type reply struct {
	host string
	ok   bool
}

func ping(host string) reply { return reply{host, true} }

// First asks every host and takes the first answer; the request's context ends the wait. No
// buffer is sure to be big enough for the hosts, so each send waits on ctx.Done() as well.
func First(ctx context.Context, hosts []string) (reply, error) {
	ch := make(chan reply) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once the select takes the `<-ctx.Done\(\)` case .*the `go` statement runs in a loop, so no capacity is sure"
	for _, h := range hosts {
		go func() {
			ch <- ping(h)
		}()
	}
	select {
	case r := <-ch:
		return r, nil
	case <-ctx.Done():
		return reply{}, ctx.Err()
	}
}

// Progress streams steps; the caller takes the first and stops on cancel.
func Progress(ctx context.Context, n int) int {
	steps := make(chan int) // want "GF201: .*a path sends on it more than once, so no capacity is sure"
	go func() {
		defer func() { _ = recover() }()
		for i := 0; i < n; i++ {
			steps <- i
		}
	}()
	select {
	case s := <-steps:
		return s
	case <-ctx.Done():
		return -1
	}
}

// Shadowed: the goroutine has a context of its own, which the select does not wait for, so
// no fix.
func Shadowed(ctx context.Context, hosts []string) reply {
	ch := make(chan reply) // want "GF201: .*no fix: the `go` statement runs in a loop"
	for _, h := range hosts {
		go func() {
			ctx := context.Background()
			_ = ctx
			ch <- ping(h)
		}()
	}
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
		return reply{}
	}
}

// Counted: wg.Done() after the send would be skipped by the return, so no fix.
func Counted(ctx context.Context, hosts []string, wg *sync.WaitGroup) reply {
	ch := make(chan reply) // want "GF201: .*no fix: the `go` statement runs in a loop"
	for _, h := range hosts {
		wg.Add(1)
		go func() {
			ch <- ping(h)
			wg.Done()
		}()
	}
	select {
	case r := <-ch:
		return r
	case <-ctx.Done():
		return reply{}
	}
}
