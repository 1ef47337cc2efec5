package p

import (
	"context"
	"time"
)

// Poll already stops its ticker.
func Poll(ctx context.Context, check func() bool) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range ticker.C {
		if check() || ctx.Err() != nil {
			return
		}
	}
}

// NewTick is a method named like the function, on something else.
type sched struct{}

func (sched) Tick(d time.Duration) <-chan time.Time { return time.After(d) }

func Use(s sched) time.Time {
	return <-s.Tick(time.Second)
}
