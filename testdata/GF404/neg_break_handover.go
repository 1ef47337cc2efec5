package main

import (
	"fmt"
	"sync"
	"time"
)

type Queue struct {
	mu    sync.Mutex
	items []string
}

// lockNonEmpty returns with q.mu held once the queue has an item: its caller unlocks.
func (q *Queue) lockNonEmpty() {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			break
		}
		q.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// awaitItems does the same under a name that does not say so; Pop, its caller, unlocks.
func (q *Queue) awaitItems() {
	for {
		q.mu.Lock()
		if len(q.items) > 0 {
			break
		}
		q.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

func (q *Queue) Pop() string {
	q.awaitItems()
	s := q.items[0]
	q.items = q.items[1:]
	q.mu.Unlock()
	return s
}

// The break leaves the loop with the lock held, and the code after the loop unlocks it.
func (q *Queue) First(want string) int {
	i := 0
	for {
		q.mu.Lock()
		if i >= len(q.items) || q.items[i] == want {
			break
		}
		q.mu.Unlock()
		i++
	}
	q.mu.Unlock()
	return i
}

// next waits for the item it wants and hands the held lock to its caller through the result.
func (q *Queue) next(want string) (lock *sync.Mutex, ok bool) {
	for {
		q.mu.Lock()
		if len(q.items) == 0 {
			q.mu.Unlock()
			return nil, false
		}
		if q.items[0] == want {
			lock, ok = &q.mu, true
			break
		}
		q.items = q.items[1:]
		q.mu.Unlock()
	}
	return lock, ok
}

func main() {
	q := &Queue{items: []string{"a", "b"}}
	q.lockNonEmpty()
	q.mu.Unlock()
	fmt.Println(q.Pop(), q.First("b"))
	if l, ok := q.next("b"); ok {
		l.Unlock()
	}
}
