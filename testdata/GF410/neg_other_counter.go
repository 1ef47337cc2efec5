package neg_other_counter

import "sync"

type meter struct {
	mu sync.Mutex
	n  int
}

func (m *meter) Add(d int) {
	m.mu.Lock()
	m.n += d
	m.mu.Unlock()
}

func (m *meter) Done() { m.Add(-1) }

// A counter of its own with Add and Done: not a WaitGroup.
func track(m *meter, f func()) {
	go func() {
		defer m.Done()
		f()
	}()
	m.Add(1)
}
