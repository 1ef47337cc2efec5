package main

import (
	"log"
	"sync"
)

type Queue struct {
	mu     sync.Mutex
	closed bool
	items  []string
}

func (q *Queue) notify() { log.Print(len(q.items)) }

func (q *Queue) Push(s string) {
	q.mu.Lock() // want "GF404: the return at line 19 leaves with the lock held"
	if q.closed {
		return
	}
	q.items = append(q.items, s)
	q.notify()
	q.mu.Unlock()
}

func main() {
	q := &Queue{}
	q.Push("x")
}
