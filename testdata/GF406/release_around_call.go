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

// Has asks load in the if's header: the call moves out of it, between the release and the
// lock taken again.
func (s *Store) Has(key string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.load(key); err != nil { // want "GF406: this call locks `s.mu` again \(load: Lock at line 54\)"
		return false
	}
	return true
}

// Size asks load in a header whose err the block uses again after the if: moving the call out
// would make that later err this one, so no fix.
func (s *Store) Size(key string) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v, err := s.load(key); err == nil { // want "GF406: this call locks `s.mu` again \(load: Lock at line 54\)"
		return len(v), nil
	}
	_, err := s.data[key]
	if !err {
		return 0, errors.New("gone")
	}
	return 0, nil
}

func (s *Store) size(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.data[k])
}

// Count asks size in a condition itself: no statement to move, so no fix.
func (s *Store) Count(keys []string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, k := range keys {
		if s.size(k) > 0 { // want "GF406: this call locks `s.mu` again \(size: Lock at line 102\)"
			n++
		}
	}
	return n
}

func (s *Store) acquire() {
	s.mu.Lock()
}

// Reset calls a helper that returns holding the lock: releasing around it would not help.
func (s *Store) Reset() {
	s.mu.Lock()
	s.data = nil
	s.acquire() // want "GF406: this call locks `s.mu` again \(acquire: Lock at line 121\)"
	s.mu.Unlock()
}
