package neg_conditional

import "sync"

type Store struct {
	mu   sync.Mutex
	data map[string]string
}

// get locks only when its caller does not hold the lock already.
func (s *Store) get(k string, held bool) string {
	if !held {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	return s.data[k]
}

func (s *Store) Rename(from, to string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.get(from, true)
	delete(s.data, from)
	s.data[to] = v
}

// The two branches are correlated: the second Lock runs only where the first unlock did.
func (s *Store) Touch(k string, quick bool) {
	s.mu.Lock()
	if quick {
		s.mu.Unlock()
	}
	if quick {
		s.mu.Lock()
	}
	s.data[k] = s.data[k] + "!"
	s.mu.Unlock()
}

// A Lock in one branch and another in the other branch never meet.
func (s *Store) Either(k string, first bool) {
	if first {
		s.mu.Lock()
		s.data[k] = "first"
	} else {
		s.mu.Lock()
		s.data[k] = "second"
	}
	s.mu.Unlock()
}
