// Package nested: Inc calls Value; locking both would deadlock, so no fix is offered.
package nested

import "sync"

// Counter counts.
type Counter struct {
	n int
}

// Inc adds one to the current value.
func (c *Counter) Inc() {
	c.n = c.Value() + 1 // want "GF403: `Counter\.n` is written without a lock while Counter is shared between "
}

// Value returns the count.
func (c *Counter) Value() int { return c.n }

// IncAll increments from n goroutines.
func IncAll(c *Counter, n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc()
		}()
	}
	wg.Wait()
}
