package p

import (
	"context"
	"time"
)

// Worker is a goroutine whose loop selects with a timeout.
func Worker(ctx context.Context, jobs <-chan func()) {
	go func() {
		for i := 0; ; i++ {
			if i%2 == 0 {
				select {
				case j := <-jobs:
					j()
				case <-(time.After(time.Second)): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
				case <-ctx.Done():
					return
				}
			}
		}
	}()
}

// Poll has a default case: the timer is dropped at once.
func Poll(events <-chan int) int {
	n := 0
outer:
	for {
		select {
		case e, ok := <-events:
			if !ok {
				break outer
			}
			n += e
		case <-time.After(10 * time.Millisecond): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
			return n
		default:
		}
	}
	return n
}

// Two timeouts in one select.
func Two(a, b <-chan int) int {
	total := 0
	for total < 100 {
		select {
		case v := <-a:
			total += v
		case <-time.After(time.Second): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
			total++
		case <-time.After(time.Minute): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
			return total
		case v := <-b:
			total -= v
		}
	}
	return total
}
