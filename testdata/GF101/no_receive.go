package p

import (
	"context"
	"sync/atomic"
	"time"
)

// Poll polls forever: no receive to turn into a select, so a check goes at the top of the loop.
func Poll(ctx context.Context, n *atomic.Int64) {
	go func() { // want "GF101: the goroutine's loop at line 12 never ends"
		for {
			n.Add(1)
			time.Sleep(10 * time.Millisecond)
		}
	}()
}

// Spin uses a three-clause loop without a condition and a differently named context.
func Spin(parent context.Context, n *atomic.Int64) {
	reqCtx, cancel := context.WithTimeout(parent, time.Minute)
	defer cancel()
	go func() { // want "GF101: the goroutine's loop at line 24 never ends"
		for i := 0; ; i++ {
			n.Add(int64(i))
			select {
			case <-time.After(time.Millisecond):
			default:
			}
		}
	}()
	_ = reqCtx
}
