package p

import "context"

func step(i int) int { return i }

// A send in a loop: capacity 1 would not hold them all, so no fix.
func Stream(ctx context.Context) int {
	ch := make(chan int) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		for i := 0; i < 3; i++ {
			ch <- step(i)
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return -1
	}
}

// Two sends on one path.
func Twice(ctx context.Context) int {
	ch := make(chan int) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		ch <- 1
		ch <- 2
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return -1
	}
}
