package recursive_rlock

import "sync"

type Index struct {
	mu   sync.RWMutex
	byID map[string]string
}

func (x *Index) Get(id string) (string, bool) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	v, ok := x.byID[id]
	return v, ok
}

// GetAll read-locks and asks Get, which read-locks again; Add write-locks the same mutex.
func (x *Index) GetAll(ids []string) []string {
	x.mu.RLock()
	defer x.mu.RUnlock()
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if v, ok := x.Get(id); ok { // want "GF406 (preview): this call locks `x.mu` again \(Get: RLock at line 11\) .*recursive read lock"
			out = append(out, v)
		}
	}
	return out
}

func (x *Index) Add(id, v string) {
	x.mu.Lock()
	x.byID[id] = v
	x.mu.Unlock()
}
