package p

import (
	"context"
	"fmt"
	"time"
)

// Pump forwards values and reports every second; its select never watches the context.
func Pump(parent context.Context, in <-chan int, out chan<- string) context.CancelFunc {
	ctx, cancel := context.WithCancel(parent)
	t := time.NewTicker(time.Second)
	go func() { // want "GF101: the goroutine's loop at line 15 never ends"
		defer t.Stop()
		for {
			select {
			case v := <-in:
				out <- fmt.Sprint(v)
			case <-t.C:
				out <- "tick"
			}
		}
	}()
	_ = ctx
	return cancel
}

// Latest keeps the latest value; the first statement is not a receive, the select is.
func Latest(ctx context.Context, in <-chan int, get chan<- int) {
	go func() { // want "GF101: the goroutine's loop at line 32 never ends"
		latest := 0
		for {
			latest++
			select {
			case v := <-in:
				latest = v
			case get <- latest:
			}
		}
	}()
}
