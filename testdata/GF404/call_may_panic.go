package main

import (
	"strconv"
	"sync"
)

type Cache struct {
	mu    sync.Mutex
	items map[string]int
}

// Put calls a parser while holding the lock; a recovered panic would leave it locked.
func (c *Cache) Put(k string) {
	c.mu.Lock() // want "GF404: strconv\.Atoi"
	n, _ := strconv.Atoi(k)
	c.items[k] = n

	c.mu.Unlock()
}

var (
	mu    sync.Mutex
	total int
)

func add(f func() int) {
	mu.Lock() // want "GF404: f\(\) may panic between mu\.Lock\(\) and mu\.Unlock\(\): if the pani"
	total += f()
	mu.Unlock()
}

func main() {
	c := &Cache{items: map[string]int{}}
	c.Put("1")
	add(func() int { return 1 })
}
