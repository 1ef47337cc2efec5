package two_types

import "sync"

type lease struct {
	mu      sync.Mutex
	expired bool
}

type table struct {
	mu     sync.Mutex
	leases map[string]*lease
}

// release holds t.mu, then takes the lease's mutex.
func (t *table) release(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.leases[name]
	l.mu.Lock() // want "GF408 (preview): this locks lease.mu while holding table.mu \(`t.mu`, locked at line 17\), and refresh, line 31 locks table.mu while holding lease.mu"
	l.expired = true
	l.mu.Unlock()
	delete(t.leases, name)
}

// refresh holds the lease's mutex, then takes the table's: the opposite order.
func (l *lease) refresh(t *table, name string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.expired = false
	t.mu.Lock() // want "GF408 (preview): this locks table.mu while holding lease.mu \(`l.mu`, locked at line 28\), and release, line 20 locks lease.mu while holding table.mu"
	t.leases[name] = l
	t.mu.Unlock()
}
