package loop_comes_round

import "sync"

type Queue struct {
	mu    sync.Mutex
	items []string
}

// A round that finds the queue empty goes on to the next one still holding q.mu.
func (q *Queue) TakeTwo(handle func(string) bool) {
	for i := 0; i < 2; i++ {
		q.mu.Lock() // want "GF406: `q.mu` is locked again when the loop comes round still holding it"
		if len(q.items) == 0 {
			continue
		}
		item := q.items[0]
		q.items = q.items[1:]
		if handle(item) {
			break
		}
	}
	q.mu.Unlock()
}

func lockBoth(a *sync.Mutex) {
	a.Lock()
}

// A helper handed the mutex locks it again.
func flush(buf *[]byte) {
	var mu sync.Mutex
	mu.Lock()
	*buf = (*buf)[:0]
	lockBoth(&mu) // want "GF406: this call locks `mu` again \(lockBoth: Lock at line 27\)"
	mu.Unlock()
}
