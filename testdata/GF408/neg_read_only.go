package neg_read_only

import "sync"

type Schema struct {
	mu     sync.RWMutex
	tables []string
}

type Catalog struct {
	mu      sync.RWMutex
	schemas map[string]*Schema
}

// Both orders, but only read locks.
func (c *Catalog) Tables(name string) []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s := c.schemas[name]
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.tables
}

func (s *Schema) In(c *Catalog, name string) bool {
	s.mu.RLock()
	defer s.mu.RUnlock()
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.schemas[name] == s
}
