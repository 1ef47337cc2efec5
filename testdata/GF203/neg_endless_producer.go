package clock

import "time"

// The producer never finishes: it has no reason to close, and the consumer lives with it.
func ticks(handle func(time.Time)) {
	beats := make(chan time.Time)
	go func() {
		for {
			beats <- time.Now()
			time.Sleep(time.Second)
		}
	}()
	go func() {
		for b := range beats {
			handle(b)
		}
	}()
}

// gofixer-test: preview
