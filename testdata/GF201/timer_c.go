package p

import (
	"errors"
	"time"
)

func slow() string { return "done" }

func Timed(d time.Duration) (string, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	out := make(chan string) // want "GF201"
	go func() { out <- slow() }()
	select {
	case s := <-out:
		return s, nil
	case <-t.C:
		return "", errors.New("timeout")
	}
}
