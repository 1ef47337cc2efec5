package p

import (
	"errors"
	"time"
)

func compute() (int, error) { return 42, nil }

func WithDeadline(d time.Duration) (int, error) {
	errc := make(chan error) // want "GF201: the goroutine's send on unbuffered channel `errc` blocks forever once "
	var n int
	go func() {
		var err error
		n, err = compute()
		errc <- err
	}()
	select {
	case err := <-errc:
		return n, err
	case <-time.After(d):
		return 0, errors.New("timed out")
	}
}
