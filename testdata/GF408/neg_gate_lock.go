package neg_gate_lock

import "sync"

type Conn struct {
	lifecycle sync.Mutex // taken first by everything that changes the connection's state
	mu        sync.Mutex
	closeMu   sync.Mutex
	closing   bool
	channels  []int
}

func (c *Conn) isClosing() bool {
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	return c.closing
}

// shutdown takes mu, then closeMu (through isClosing), under the lifecycle lock.
func (c *Conn) shutdown() {
	c.lifecycle.Lock()
	defer c.lifecycle.Unlock()
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.isClosing() {
		c.channels = nil
	}
}

// reconnect takes closeMu, then mu: the opposite order, but under the same lifecycle lock.
func (c *Conn) reconnect() {
	c.lifecycle.Lock()
	defer c.lifecycle.Unlock()
	c.closeMu.Lock()
	defer c.closeMu.Unlock()
	c.mu.Lock()
	c.channels = append(c.channels, 1)
	c.mu.Unlock()
}
