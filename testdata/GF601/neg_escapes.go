package p

import "time"

// Ticks hands the channel to the caller, who decides how long it lives.
func Ticks(d time.Duration) <-chan time.Time {
	return time.Tick(d)
}

type Clock struct{ C <-chan time.Time }

// NewClock stores the channel.
func NewClock() *Clock {
	return &Clock{C: time.Tick(time.Second)}
}

func (c *Clock) Reset(d time.Duration) {
	c.C = time.Tick(d)
}

func consume(c <-chan time.Time) { <-c }

// Pass gives the channel to another function.
func Pass() {
	c := time.Tick(time.Second)
	consume(c)
	consume(time.Tick(time.Second))
}

// Background uses the channel from a goroutine that may outlive the function.
func Background(work func()) {
	c := time.Tick(time.Second)
	go func() {
		for range c {
			work()
		}
	}()
}

// Global is created once for the program.
var Global = time.Tick(time.Hour)

// Service switches between two tickers through a third variable: not followed.
func Service(r <-chan int) {
	fast := time.Tick(500 * time.Millisecond)
	slow := time.Tick(2 * time.Second)
	tick := fast
	for {
		select {
		case <-tick:
		case c := <-r:
			switch c {
			case 0:
				return
			case 1:
				tick = slow
			default:
				tick = fast
			}
		}
	}
}
