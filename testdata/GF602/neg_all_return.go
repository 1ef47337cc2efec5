package p

import (
	"errors"
	"time"
)

// Await retries the send until it is taken, but every case of the select returns.
func Await(ready func() bool, res <-chan int) (int, error) {
	for {
		if !ready() {
			continue
		}
		select {
		case v := <-res:
			return v, nil
		case <-time.After(time.Second):
			return 0, errors.New("timeout")
		}
	}
}
