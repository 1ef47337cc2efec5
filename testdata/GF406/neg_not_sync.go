package neg_not_sync

import "sync"

// reentrant is a lock that its owner may take again.
type reentrant struct {
	mu    sync.Mutex
	depth int
}

func (r *reentrant) Lock() {
	if r.depth == 0 {
		r.mu.Lock()
	}
	r.depth++
}

func (r *reentrant) Unlock() {
	r.depth--
	if r.depth == 0 {
		r.mu.Unlock()
	}
}

type Doc struct {
	lk   reentrant
	text string
}

func (d *Doc) Append(s string) {
	d.lk.Lock()
	defer d.lk.Unlock()
	d.lk.Lock()
	d.text += s
	d.lk.Unlock()
}

// TryLock does not block.
func tryTwice(mu *sync.Mutex) bool {
	mu.Lock()
	defer mu.Unlock()
	return mu.TryLock()
}
