package main

import (
	"errors"
	"fmt"
	"log"
	"sync"
)

type Config struct {
	mu       sync.RWMutex
	vals     map[string]string
	fallback string
}

// Get returns on the not-loaded path with the read lock held: the next writer waits forever.
func (c *Config) Get(k string) (string, error) {
	c.mu.RLock() // want "GF404: the return at line 20 leaves with the lock held: c\.mu\.RUnlock\(\) is skipped"
	if c.vals == nil {
		return "", fmt.Errorf("config not loaded (key %s)", k)
	}
	v := c.vals[k]
	c.mu.RUnlock()
	log.Printf("config %s=%s", k, v)
	return v, nil
}

// Lookup's early return reads a field: the unlock placed before it is an unsafe fix.
func (c *Config) Lookup(k string) (string, error) {
	c.mu.RLock() // want "GF404: the return at line 33 leaves with the lock held: c\.mu\.RUnlock\(\) is skipped"
	v, ok := c.vals[k]
	if !ok {
		return c.fallback, errors.New("no such key")
	}
	c.mu.RUnlock()
	log.Printf("config %s=%s", k, v)
	return v, nil
}

func main() {
	c := &Config{vals: map[string]string{"a": "b"}}
	fmt.Println(c.Get("a"))
	fmt.Println(c.Lookup("a"))
}
