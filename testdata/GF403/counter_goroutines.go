// Package counter: the seed article's counter without a mutex, incremented from goroutines.
package counter

import "sync"

// Counter counts events.
type Counter struct {
	n int
}

// Inc adds one.
func (c *Counter) Inc() { c.n++ } // want "GF403: `Counter\.n` is written without a lock while Counter is shared between "

// Value returns the count.
func (c *Counter) Value() int { return c.n }

// CountAll counts the items concurrently.
func CountAll(items []string) int {
	c := &Counter{}
	var wg sync.WaitGroup
	for range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc()
		}()
	}
	wg.Wait()
	return c.Value()
}
