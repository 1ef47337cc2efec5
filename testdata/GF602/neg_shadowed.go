package p

import "time"

type clock struct{ c chan time.Time }

func (k clock) After(time.Duration) <-chan time.Time { return k.c }

// Loop uses a parameter named time.
func Loop(in <-chan int, time clock) {
	for {
		select {
		case <-in:
		case <-time.After(0):
			return
		}
	}
}
