package p

import (
	"errors"
	"time"
)

func slow() string { return "done" }

func Timed(d time.Duration) (string, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	out := make(chan string) // want "GF201: the goroutine's send on unbuffered channel `out` blocks forever once t"
	go func() { out <- slow() }()
	select {
	case s := <-out:
		return s, nil
	case <-t.C:
		return "", errors.New("timeout")
	}
}
