package p

import "context"

func calc() int { return 3 }

// The send happens in a closure inside the goroutine: beyond this analysis.
func Nested(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		send := func() { ch <- calc() }
		send()
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The goroutine's parameter shadows the channel's name.
func Shadowed(ctx context.Context, other chan int) int {
	ch := make(chan int)
	go func(ch chan int) { ch <- calc() }(other)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

// The select is in another function literal.
func Elsewhere(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- calc() }()
	wait := func() int {
		select {
		case v := <-ch:
			return v
		case <-ctx.Done():
			return 0
		}
	}
	return wait()
}

// A worker that is not declared in this file.
func Method(ctx context.Context, w interface{ Do(chan int) }) int {
	ch := make(chan int)
	go w.Do(ch)
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}
