package main

import (
	"fmt"
	"sync"
)

type Conn struct {
	mu     sync.Mutex
	closed bool
	n      int
}

// lockIfOpen returns with the lock held for its caller, who unlocks it.
func (c *Conn) lockIfOpen() bool {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return false
	}
	return true
}

func (c *Conn) lock()   { c.mu.Lock() }
func (c *Conn) unlock() { c.mu.Unlock() }

// writeLocked is called with c.mu held; it drops the lock around the slow print.
func (c *Conn) writeLocked() {
	c.n++
	c.mu.Unlock()
	fmt.Println(c.n)
	c.mu.Lock()
}

// conditional locking: the analysis cannot pair these, so it stays silent.
func (c *Conn) maybe(locked bool) error {
	if !locked {
		c.mu.Lock()
	}
	if c.closed {
		return fmt.Errorf("closed")
	}
	fmt.Println(c.n)
	if !locked {
		c.mu.Unlock()
	}
	return nil
}

func main() {
	c := &Conn{}
	if c.lockIfOpen() {
		c.writeLocked()
		c.mu.Unlock()
	}
	c.lock()
	c.unlock()
	_ = c.maybe(false)
}
