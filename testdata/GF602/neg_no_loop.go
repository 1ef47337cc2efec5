package p

import (
	"errors"
	"time"
)

// Fetch waits once: one timer per call, collected when it fires.
func Fetch(res <-chan string) (string, error) {
	select {
	case r := <-res:
		return r, nil
	case <-time.After(time.Second):
		return "", errors.New("timeout")
	}
}
