package main

import (
	"errors"
	"sync"
)

type Registry struct {
	mu     sync.Mutex
	closed bool
	names  map[string]int
}

var errClosed = errors.New("closed")

// Add forgets to unlock on the closed path: the next Add blocks forever. The Unlock is not the
// last statement, so the rule reports without a fix.
func (r *Registry) Add(name string) error {
	r.mu.Lock() // want "GF404: the return at line 21 leaves with the lock held"
	if r.closed {
		return errClosed
	}
	r.names[name]++
	r.mu.Unlock()
	return nil
}

// Remove's deferred closure locks and unlocks on its own: it does not release the Lock above.
func (r *Registry) Remove(name string) (err error) {
	r.mu.Lock() // want "GF404: the return at line 32 leaves with the lock held"
	if r.closed {
		return errClosed
	}
	delete(r.names, name)
	r.mu.Unlock()

	defer func() {
		if err != nil {
			r.mu.Lock()
			r.names[name] = 0
			r.mu.Unlock()
		}
	}()
	return nil
}

func main() {
	r := &Registry{names: map[string]int{}}
	_ = r.Add("a")
}
