package p

import (
	"context"
	"time"
)

func refresh() {}

// Wait refreshes every second until ctx is done.
func Wait(ctx context.Context) error {
	tick := time.Tick(time.Second) // want "GF601: time\.Tick's ticker can never be stopped"
	for {
		select {
		case <-tick:
			refresh()
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Worker takes the interval as a var declaration.
func Worker(ctx context.Context, every time.Duration, jobs <-chan int) int {
	var tick = time.Tick(every) // want "GF601: time\.Tick's ticker can never be stopped"
	n := 0
	for {
		select {
		case <-tick:
			n++
		case j, ok := <-jobs:
			if !ok {
				return n
			}
			n += j
		}
	}
}
