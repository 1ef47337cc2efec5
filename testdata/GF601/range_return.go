package p

import (
	"context"
	"time"
)

func check(ctx context.Context) error { return ctx.Err() }

// Poll checks until the context fails: the ticker outlives every call.
func Poll(ctx context.Context, d time.Duration) error {
	for range time.Tick(d) { // want "GF601: time\.Tick's ticker can never be stopped"
		if err := check(ctx); err != nil {
			return err
		}
	}
	return nil
}

// PollN stops after n ticks.
func PollN(ctx context.Context, n int) int {
	seen := 0
	for now := range time.Tick(100 * time.Millisecond) { // want "GF601: time\.Tick's ticker can never be stopped"
		if now.IsZero() {
			continue
		}
		seen++
		if seen == n {
			break
		}
	}
	return seen
}

// PollLabeled leaves the loop from inside a select.
func PollLabeled(ctx context.Context) {
loop:
	for range time.Tick(time.Second) { // want "GF601: time\.Tick's ticker can never be stopped"
		select {
		case <-ctx.Done():
			break loop
		default:
		}
	}
}
