package neg_distinct_values

import "sync"

type shard struct {
	mu sync.Mutex
	n  int
}

// Each round locks a new shard.
func lockAll(shards []*shard) {
	for _, s := range shards {
		s.mu.Lock()
	}
}

func unlockAll(shards []*shard) {
	for _, s := range shards {
		s.mu.Unlock()
	}
}

// Two different values of one type.
func move(a, b *shard) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock()
	defer b.mu.Unlock()
	b.n += a.n
	a.n = 0
}

type Cache struct {
	mu   sync.RWMutex
	vals map[string]int
}

func (c *Cache) get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.vals[k]
}

// A recursive read lock where nothing in the package write-locks the mutex.
func (c *Cache) sum(keys []string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	t := 0
	for _, k := range keys {
		t += c.get(k)
	}
	return t
}

func use(shards []*shard) int {
	lockAll(shards)
	defer unlockAll(shards)
	return len(shards)
}
