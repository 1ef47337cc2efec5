package waiting

import (
	"testing"
	"time"
)

// The case that takes the tick fails the test: the loop never comes round to the drain.
func waitUntil(t *testing.T, ok func() bool) {
	timer := time.NewTimer(5 * time.Second)
	for {
		if !ok() {
			select {
			case <-timer.C:
				t.Fatal("condition not met in time")
			default:
				time.Sleep(10 * time.Millisecond)
				continue
			}
		}
		if !timer.Stop() {
			<-timer.C
		}
		return
	}
}

// gofixer-test: preview
