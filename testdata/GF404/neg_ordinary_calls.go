package main

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

type Tracer struct {
	mu     sync.Mutex
	start  time.Time
	events []string
	ready  *sync.Cond
	done   bool
}

// Ordinary calls between Lock and a final Unlock: none of them panics on purpose and nothing
// can return before the Unlock, so a defer would only move code around.
func (t *Tracer) Begin() {
	t.mu.Lock()
	t.start = time.Now()
	t.mu.Unlock()
}

func (t *Tracer) Yield() {
	t.mu.Lock()
	t.events = append(t.events, "yield")
	runtime.Gosched()
	t.mu.Unlock()
}

func (t *Tracer) Record(name string, n string) {
	t.mu.Lock()
	if strings.HasPrefix(name, "debug.") {
		name = name[len("debug."):]
	}
	v, _ := strconv.Atoi(n)
	t.events = append(t.events, fmt.Sprintf("%s=%d", name, v))
	t.mu.Unlock()
}

// flushLocked runs with t.mu held; Flush is the locking wrapper.
func (t *Tracer) flushLocked() { t.events = t.events[:0] }

func (t *Tracer) Flush() {
	t.mu.Lock()
	t.flushLocked()
	t.mu.Unlock()
}

// Wait sleeps on the condition variable, which releases t.mu while it waits.
func (t *Tracer) Wait() {
	t.mu.Lock()
	for !t.done {
		t.ready.Wait()
	}
	t.mu.Unlock()
}

func main() {
	t := &Tracer{}
	t.ready = sync.NewCond(&t.mu)
	t.Begin()
	t.Yield()
	t.Record("debug.x", "1")
	t.Flush()
	t.done = true
	t.Wait()
}
