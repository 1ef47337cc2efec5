package p

import (
	"context"
	"time"
)

func ping() error { return nil }

// Watch leaves the loop from the cancel case: the pending send is never received.
func Watch(ctx context.Context) error {
	errc := make(chan error) // want "GF201: the goroutine's send on unbuffered channel `errc` blocks forever once "
	go func() { errc <- ping() }()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case err := <-errc:
			return err
		case <-tick.C:
			println("still waiting")
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Poll breaks out of the labeled loop.
func Poll(stop <-chan struct{}) int {
	got := make(chan int) // want "GF201: the goroutine's send on unbuffered channel `got` blocks forever once t"
	go func() { got <- 7 }()
	n := 0
loop:
	for {
		select {
		case v := <-got:
			n += v
		case <-stop:
			break loop
		}
	}
	return n
}
