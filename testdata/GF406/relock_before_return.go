package relock_before_return

import (
	"errors"
	"sync"
)

type Registry struct {
	mu     sync.Mutex
	closed bool
	names  map[string]int
}

// Close was meant to release the lock on its early return.
func (r *Registry) Close() error {
	r.mu.Lock()
	if r.closed {
		r.mu.Lock() // want "GF406: `r.mu` is locked again while this path holds it \(r.mu.Lock\(\) at line 16\): sync.Mutex is not reentrant"
		return errors.New("registry already closed")
	}
	r.closed = true
	r.names = nil
	r.mu.Unlock()
	return nil
}

type Gauge struct {
	mu  sync.RWMutex
	val float64
}

func (g *Gauge) Set(v float64) {
	g.mu.Lock()
	g.val = v
	g.mu.Unlock()
}

// A read path that locks again, then leaves holding it: only the return was meant to release.
func (g *Gauge) Positive() bool {
	g.mu.RLock()
	if g.val <= 0 {
		g.mu.RLock() // want "GF406 (preview): `g.mu` is locked again .*recursive read lock deadlocks once a writer"
		return false
	}
	g.mu.RUnlock()
	return true
}

// gofixer-test: preview
