package p

import (
	"context"
	"time"
)

// Poll runs every period until stopped: the loop only goes round after the timer fired.
func Poll(ctx context.Context, period time.Duration, f func()) {
	for {
		f()
		select {
		case <-ctx.Done():
			return
		case <-time.After(period):
		}
	}
}

// Monitor probes until stop is closed.
func Monitor(stop <-chan bool, probe func() bool) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
			if !probe() {
				panic("probe failed")
			}
		}
	}
}
