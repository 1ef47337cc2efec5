package main

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

type Store struct {
	mu     sync.RWMutex
	closed bool
	stale  bool
	data   map[string]int
}

var errStoreClosed = errors.New("store closed")

// rlockFresh returns with s.mu read-locked once the data is fresh, for its caller to unlock;
// but its error return keeps the read lock too, and the caller does not unlock on error.
func (s *Store) rlockFresh() error {
	for {
		s.mu.RLock() // want "GF404: the return at line 25 leaves with the lock held: s\.mu\.RUnlock\(\) is skipped"
		if s.closed {
			return errStoreClosed
		}
		if !s.stale {
			return nil
		}
		s.mu.RUnlock()
		time.Sleep(time.Millisecond)
	}
}

func (s *Store) Get(k string) (int, error) {
	if err := s.rlockFresh(); err != nil {
		return 0, err
	}
	defer s.mu.RUnlock()
	return s.data[k], nil
}

func (s *Store) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
}

func main() {
	s := &Store{data: map[string]int{"a": 1}}
	s.Close()
	fmt.Println(s.Get("a"))
	s.Close()
}
