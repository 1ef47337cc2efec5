package p

import (
	"sync"
	"sync/atomic"
	"time"
)

var (
	nowOnce sync.Once
	now     atomic.Int64
)

// The clock goroutine starts under sync.Once: one for the whole process, which is what it is
// for, however often Now is called.
func Now() int64 {
	nowOnce.Do(func() {
		now.Store(time.Now().Unix())
		go func() {
			for {
				time.Sleep(time.Second)
				now.Store(time.Now().Unix())
			}
		}()
	})
	return now.Load()
}

type registry struct {
	sweepOnce sync.Once
	mu        sync.Mutex
	entries   map[string]int64
}

// A function value handed to Once.Do, and the function it names, run once too.
func (r *registry) Add(key string) {
	r.sweepOnce.Do(r.startSweeper)
	r.mu.Lock()
	r.entries[key] = Now()
	r.mu.Unlock()
}

func (r *registry) startSweeper() {
	go func() {
		for {
			time.Sleep(time.Minute)
			r.mu.Lock()
			clear(r.entries)
			r.mu.Unlock()
		}
	}()
}

var startStats = sync.OnceFunc(func() {
	go func() {
		for {
			time.Sleep(10 * time.Second)
			now.Add(0)
		}
	}()
})

// Stats starts the stats goroutine on first use.
func Stats() int64 {
	startStats()
	return now.Load()
}
