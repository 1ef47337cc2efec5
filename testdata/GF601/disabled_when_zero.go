package p

import (
	"context"
	"time"
)

func flush() {}

// Run flushes periodically when interval > 0: a nil channel otherwise never fires.
func Run(ctx context.Context, interval time.Duration, in <-chan string) {
	var flushC <-chan time.Time
	if interval > 0 {
		flushC = time.Tick(interval) // want "GF601: time\.Tick's ticker can never be stopped"
	}
	for {
		select {
		case <-flushC:
			flush()
		case s := <-in:
			_ = s
		case <-ctx.Done():
			return
		}
	}
}
