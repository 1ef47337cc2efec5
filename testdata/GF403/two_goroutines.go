// Package cache: a cache filled by two goroutines, one-line struct, several fields.
package cache

import (
	"strings"
	"sync"
)

type cache struct{ hits, misses int }

func (c *cache) lookup(key string) bool {
	if strings.HasPrefix(key, "x") {
		c.hits++ // want "GF403: `cache\.hits` is written without a lock while cache is shared between g"
		return true
	}
	c.misses++
	return false
}

func (c *cache) ratio() float64 {
	if c.hits+c.misses == 0 {
		return 0
	}
	return float64(c.hits) / float64(c.hits+c.misses)
}

// Ratio looks up two batches of keys in parallel.
func Ratio(a, b []string) float64 {
	c := new(cache)
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for _, k := range a {
			c.lookup(k)
		}
	}()
	go func() {
		defer wg.Done()
		for _, k := range b {
			c.lookup(k)
		}
	}()
	wg.Wait()
	return c.ratio()
}
