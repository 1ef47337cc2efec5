package p

import "context"

func answer() int { return 42 }

func One(ctx context.Context) int {
	ch := make(chan int, 1)
	go func() { ch <- answer() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func N(ctx context.Context, n int) int {
	ch := make(chan int, n)
	go func() { ch <- answer() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
