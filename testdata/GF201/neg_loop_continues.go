package p

import (
	"log"
	"time"
)

func fetchOnce() string { return "ok" }

// The select runs again after a timeout: the value is received eventually.
func Patient() string {
	ch := make(chan string)
	go func() { ch <- fetchOnce() }()
	for {
		select {
		case s := <-ch:
			return s
		case <-time.After(time.Second):
			log.Print("still waiting")
		}
	}
}

// An unlabeled break only leaves the select.
func Patient2(tick <-chan time.Time) string {
	ch := make(chan string)
	go func() { ch <- fetchOnce() }()
	for {
		select {
		case s := <-ch:
			return s
		case <-tick:
			break
		}
	}
}
