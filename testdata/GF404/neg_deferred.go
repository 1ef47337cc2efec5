package main

import (
	"fmt"
	"sync"
)

type Store struct {
	mu sync.RWMutex
	m  map[string]string
}

func (s *Store) Get(k string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	v, ok := s.m[k]
	if !ok {
		return "", fmt.Errorf("no %q", k)
	}
	return v, nil
}

func (s *Store) Set(k, v string) {
	s.mu.Lock()
	defer func() {
		s.mu.Unlock()
	}()
	s.m[k] = fmt.Sprint(v)
}

func main() {
	s := &Store{m: map[string]string{}}
	s.Set("a", "b")
	fmt.Println(s.Get("a"))
}

func (s *Store) Swap(k, v string) (old string) {
	locked := false
	defer func() {
		if locked {
			s.mu.Unlock()
		}
	}()
	s.mu.Lock()
	locked = true
	old = s.m[k]
	if old == v {
		return
	}
	s.m[k] = fmt.Sprint(v)
	locked = false
	s.mu.Unlock()
	return
}
