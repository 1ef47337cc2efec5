package release_around_call

import (
	"errors"
	"sync"
)

type Addr string

type Mapping struct {
	mu       sync.RWMutex
	addrs    map[string]Addr
	pending  []Addr
	watchers []func([]Addr)
}

func (m *Mapping) notify(removed []Addr) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, w := range m.watchers {
		w(removed)
	}
}

// clear holds the write lock while notify read-locks: released around the call.
func (m *Mapping) clear() {
	m.mu.Lock()
	var removed []Addr
	for id, a := range m.addrs {
		removed = append(removed, a)
		delete(m.addrs, id)
	}
	if len(removed) > 0 {
		m.notify(removed) // want "GF406: this call locks `m.mu` again \(notify: RLock at line 18\) while this path holds it \(m.mu.Lock\(\) at line 27\)"
	}
	m.mu.Unlock()
}

// flush hands notify a field it reads under the lock: the arguments would be read without it,
// so no fix.
func (m *Mapping) flush() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.notify(m.pending) // want "GF406: this call locks `m.mu` again \(notify: RLock at line 18\)"
	m.pending = nil
}

type Store struct {
	mu   sync.Mutex
	data map[string][]byte
}

func (s *Store) load(key string) ([]byte, error) {
	s.mu.Lock()
	v, ok := s.data[key]
	s.mu.Unlock()
	if !ok {
		return nil, errors.New("not found")
	}
	return v, nil
}

// Copy keeps the lock across load, which takes it again; the results go to plain variables.
func (s *Store) Copy(from, to string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, err := s.load(from) // want "GF406: this call locks `s.mu` again \(load: Lock at line 54\)"
	if err != nil {
		return err
	}
	s.data[to] = v
	return nil
}

// Has asks load inside a condition: nowhere to put the release, so no fix.
func (s *Store) Has(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.load(key); err != nil { // want "GF406: this call locks `s.mu` again \(load: Lock at line 54\)"
		return false
	}
	return true
}

func (s *Store) acquire() {
	s.mu.Lock()
}

// Reset calls a helper that returns holding the lock: releasing around it would not help.
func (s *Store) Reset() {
	s.mu.Lock()
	s.data = nil
	s.acquire() // want "GF406: this call locks `s.mu` again \(acquire: Lock at line 86\)"
	s.mu.Unlock()
}
