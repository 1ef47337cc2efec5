package p

import "context"

var registry []chan int

func register(ch chan int) { registry = append(registry, ch) }

func compute2() int { return 2 }

func Passed(ctx context.Context) int {
	ch := make(chan int)
	register(ch)
	go func() { ch <- compute2() }()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func Returned(ctx context.Context) (chan int, int) {
	ch := make(chan int)
	go func() { ch <- compute2() }()
	select {
	case v := <-ch:
		return nil, v
	case <-ctx.Done():
		return ch, 0
	}
}
