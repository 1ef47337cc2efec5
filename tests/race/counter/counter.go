// Package racecounter holds the seed article's "counter without a mutex": Inc is called from
// goroutines, so GF403 reports it, and `go test -race` fails until the fix adds a mutex.
package racecounter

import "sync"

// Counter counts events.
type Counter struct {
	n int
}

// Inc adds one.
func (c *Counter) Inc() { c.n++ }

// Value returns the count.
func (c *Counter) Value() int { return c.n }

// IncConcurrently calls Inc from n goroutines and waits for them.
func IncConcurrently(c *Counter, n int) {
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
