// Package fetchmain is fetch with a TestMain in its tests.
package fetchmain

import "time"

// First waits for the answer until stop is closed.
func First(stop <-chan struct{}, delay time.Duration) (string, bool) {
	answer := make(chan string)
	go func() {
		time.Sleep(delay)
		answer <- "ok"
	}()
	select {
	case a := <-answer:
		return a, true
	case <-stop:
		return "", false
	}
}
