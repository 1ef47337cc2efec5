package p

import (
	"context"
	"log"
	"time"
)

// Watch selects on ctx.Done() and returns: the goroutine can stop.
func Watch(ctx context.Context, in <-chan int) {
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case v := <-in:
				log.Print(v)
			}
		}
	}()
}

// Ticks stops its ticker loop on cancellation.
func Ticks(ctx context.Context) {
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				log.Print("tick")
			}
		}
	}()
}
