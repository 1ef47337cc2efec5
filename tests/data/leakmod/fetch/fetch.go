// Package fetch looks prices up with a deadline.
package fetch

import (
	"context"
	"time"
)

type quote struct {
	price int
	err   error
}

func lookup(sym string, delay time.Duration) quote {
	time.Sleep(delay)
	return quote{price: len(sym) * 100}
}

// Price gives up when ctx is done; the lookup's goroutine then has nobody to hand its quote to.
func Price(ctx context.Context, sym string, delay time.Duration) (int, error) {
	out := make(chan quote)
	go func() {
		out <- lookup(sym, delay)
	}()
	select {
	case q := <-out:
		return q.price, q.err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
