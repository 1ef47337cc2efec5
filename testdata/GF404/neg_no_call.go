package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

type Counter struct {
	mu    sync.Mutex
	val   int
	names []string
	seen  map[string]bool
	hits  atomic.Int64
}

// Only assignments, quiet builtins, conversions and atomics under the lock: nothing can panic.
func (c *Counter) Inc(name string) {
	c.mu.Lock()
	c.val++
	c.names = append(c.names, name)
	delete(c.seen, name)
	c.val = max(c.val, len(c.names), int(int64(c.val)))
	c.hits.Add(1)
	c.mu.Unlock()
}

func main() {
	c := &Counter{seen: map[string]bool{}}
	c.Inc("a")
	fmt.Println(c.val)
}
