package p

import (
	"sync/atomic"
	"time"
)

// Start runs a goroutine that stops once stop is set: its ticker is left behind.
func Start(stop *atomic.Bool, work func()) {
	go func() {
		for range time.Tick(time.Second) { // want "GF601: time\.Tick's ticker can never be stopped"
			if stop.Load() {
				return
			}
			work()
		}
	}()
}
