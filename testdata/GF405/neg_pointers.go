package negpointers

import (
	"sync"
	"time"
)

type Counter struct {
	mu sync.Mutex
	n  int
}

func (c *Counter) Inc() {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
}

// Shared holds its lock by pointer: copying a Shared shares the lock.
type Shared struct {
	mu   *sync.Mutex
	wg   *sync.WaitGroup
	many []sync.Mutex
	byID map[string]*Counter
	ch   chan sync.Mutex
	next *Shared
	when time.Time
}

func (s Shared) Touch() {
	s.mu.Lock()
	defer s.mu.Unlock()
}

func wait(wg *sync.WaitGroup, l sync.Locker, c *Counter) {
	l.Lock()
	c.Inc()
	l.Unlock()
	wg.Wait()
}

func Use() {
	var wg sync.WaitGroup
	var mu sync.Mutex
	s := Shared{mu: &mu, wg: &wg}
	s.Touch()
	wait(&wg, &mu, &Counter{})
}
