package main

import (
	"context"
	"time"
)

func work() int { return 1 }

func withTimeout(ctx context.Context) (int, error) {
	ch := make(chan int)
	defer close(ch) // want "GF202: close\(ch\) by its receiver while the goroutine started at lin"
	go func() {
		ch <- work()
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(time.Second):
		return 0, context.DeadlineExceeded
	}
}

func main() {
	_, _ = withTimeout(context.Background())
}
