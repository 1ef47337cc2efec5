package p

import "time"

func measure() float64 { return 1.5 }

func Measure(timeout time.Duration) float64 {
	var ch = make(chan float64) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		ch <- measure()
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(timeout):
		return -1
	}
}
