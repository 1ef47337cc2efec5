package main

import (
	"fmt"
	"sync"
	"time"
)

type Watcher struct {
	mu       sync.Mutex
	stopped  bool
	interval time.Duration
	seen     int
}

// waitStopped polls until the watcher is stopped, but the break leaves the loop with w.mu
// held and nothing unlocks it afterwards: run's cleanup deadlocks.
func (w *Watcher) waitStopped() {
	for {
		w.mu.Lock() // want "GF404: the break at line 22 leaves the loop with the lock held: nothing after the loop calls w\.mu\.Unlock\(\)"
		if w.stopped {
			break
		}
		w.mu.Unlock()
		time.Sleep(w.interval)
	}
}

// scan breaks out with the lock held too, and code after the loop runs with it: the unlock
// placed before the break is an unsafe fix.
func (w *Watcher) scan(items []int) int {
	n := 0
	for _, it := range items {
		w.mu.Lock() // want "GF404: the break at line 36 leaves the loop with the lock held"
		if it < 0 {
			break
		}
		w.seen++
		w.mu.Unlock()
		n += it
	}
	return n + w.seen
}

func (w *Watcher) cleanup() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.seen = 0
}

func (w *Watcher) run() {
	w.waitStopped()
	w.cleanup()
}

func main() {
	w := &Watcher{stopped: true, interval: time.Millisecond}
	fmt.Println(w.scan([]int{1, -1}))
	go w.run()
	time.Sleep(10 * time.Millisecond)
}
