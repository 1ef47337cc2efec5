package p

import (
	"sync/atomic"
	"time"
)

// Start runs a goroutine that stops once stop is set: its ticker is left behind.
func Start(stop *atomic.Bool, work func()) {
	go func() {
		for range time.Tick(time.Second) {
			if stop.Load() {
				return
			}
			work()
		}
	}()
}
