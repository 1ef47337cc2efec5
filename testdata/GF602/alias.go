package p

import (
	"context"
	tm "time"
)

// Heartbeat sends the time when the line is quiet.
func Heartbeat(ctx context.Context, in <-chan int, out chan<- tm.Time) {
	for {
		select {
		case <-in:
		case t := <-tm.After(5 * tm.Second): // want "GF602: tm\.After in a select inside a loop starts a new timer every iteration,"
			out <- t
		case <-ctx.Done():
			return
		}
	}
}
