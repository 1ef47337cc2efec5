package p

import (
	"context"
	"time"
)

// Both tickers of one function get names of their own.
func Both(ctx context.Context, fast, slow time.Duration, work func(bool)) {
	f := time.Tick(fast) // want "GF601: time\.Tick's ticker can never be stopped"
	s := time.Tick(slow) // want "GF601: time\.Tick's ticker can never be stopped"
	for {
		select {
		case <-f:
			work(false)
		case <-s:
			work(true)
		case <-ctx.Done():
			return
		}
	}
}
