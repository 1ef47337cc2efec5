// Package safe: every method that writes already locks the type's mutex (RWMutex, Lock and
// RLock, an unlock that is not deferred).
package safe

import "sync"

// Counter is safe for concurrent use.
type Counter struct {
	mu sync.RWMutex
	n  int
	by map[string]int
}

// Inc adds one.
func (c *Counter) Inc(key string) {
	c.mu.Lock()
	c.n++
	c.by[key]++
	c.mu.Unlock()
}

// Value reads the count.
func (c *Counter) Value() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n
}

// incLocked must be called with c.mu held.
func (c *Counter) incLocked() {
	c.n++
}

// Twice adds two under one lock.
func (c *Counter) Twice() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.incLocked()
	c.incLocked()
}

// Run increments from many goroutines.
func Run(c *Counter, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc("x")
			c.Twice()
		}()
	}
	wg.Wait()
}
