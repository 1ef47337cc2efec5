package valuerecv

import "sync"

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

// Value locks a copy of the mutex: it races with Inc.
func (c counter) Value() int { // want "GF405: method Value has a value receiver of type counter, which contains sync"
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Kind does not even name its receiver: the counter is copied all the same.
func (counter) Kind() string { // want "GF405: method Kind has a value receiver of type counter, which contains sync\."
	return "counter"
}

func Use() (int, string) {
	c := &counter{}
	c.Inc()
	return c.Value(), c.Kind()
}
