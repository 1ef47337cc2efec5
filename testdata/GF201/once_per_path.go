package p

import (
	"context"
	"errors"
)

func dial(addr string) error { return nil }

var errEmpty = errors.New("empty address")

// Dial sends once on every path: the early return keeps the second send off the error path.
func Dial(ctx context.Context, addr string) error {
	errc := make(chan error) // want "GF201: the goroutine's send on unbuffered channel `errc` blocks forever once "
	go func() {
		if addr == "" {
			errc <- errEmpty
			return
		}
		if err := dial(addr); err != nil {
			errc <- err
		} else {
			errc <- nil
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Kind sends once in each switch case.
func Kind(ctx context.Context, n int) string {
	ch := make(chan string) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		switch {
		case n < 0:
			ch <- "negative"
		case n == 0:
			ch <- "zero"
		default:
			ch <- "positive"
		}
	}()
	select {
	case s := <-ch:
		return s
	case <-ctx.Done():
		return ""
	}
}
