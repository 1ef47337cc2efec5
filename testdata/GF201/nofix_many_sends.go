package p

import "time"

func step(i int) int { return i }

// A send in a loop: capacity 1 would not hold them all, and no context to wait on, so no fix.
func Stream(d time.Duration) int {
	ch := make(chan int) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		for i := 0; i < 3; i++ {
			ch <- step(i)
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return -1
	}
}

// Two sends on one path.
func Twice(d time.Duration) int {
	ch := make(chan int) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		ch <- 1
		ch <- 2
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(d):
		return -1
	}
}
