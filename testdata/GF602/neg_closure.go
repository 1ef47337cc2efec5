package p

import "time"

// Handlers builds functions in a loop; each selects when it is called, not per iteration.
func Handlers(chans []chan int) []func() bool {
	var fs []func() bool
	for _, c := range chans {
		fs = append(fs, func() bool {
			select {
			case <-c:
				return true
			case <-time.After(time.Second):
				return false
			}
		})
	}
	return fs
}
