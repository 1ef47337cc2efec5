// Package worse is correct: its result channel has room for the one late value.
package worse

//gofixer:file-ignore GF201 -- the tests' own rule unbuffers this channel on purpose; GF201 would buffer it again

import "time"

func Wait(limit, delay time.Duration) bool {
	done := make(chan bool, 1)
	go func() {
		time.Sleep(delay)
		done <- true
	}()
	select {
	case <-done:
		return true
	case <-time.After(limit):
		return false
	}
}
