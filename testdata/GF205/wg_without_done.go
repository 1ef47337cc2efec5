package tasks

import "sync"

// Begin counts a task in, but nothing ever counts one out: Drain never returns once a task
// has begun.
type runner struct {
	mu      sync.Mutex
	pending sync.WaitGroup
	closing bool
}

func (r *runner) Begin() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closing {
		return false
	}
	r.pending.Add(1)
	return true
}

func (r *runner) Drain() {
	r.mu.Lock()
	r.closing = true
	r.mu.Unlock()
	r.pending.Wait() // want "GF205 (preview): r.pending.Wait\(\) blocks forever once Add has run: nothing in the package calls Done on pending"
}

// gofixer-test: preview
