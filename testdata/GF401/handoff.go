package handoff

import (
	"sync"
)

func worker(wg *sync.WaitGroup, f func()) {
	defer wg.Done()
	f()
}

func pointerToWorker(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go worker(&wg, f)
	}
	wg.Wait()
}

// The goroutine hands its count to another goroutine on the slow path.
func handoff(fast bool, slow func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if fast {
			wg.Done()
			return
		}
		go func() {
			slow()
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"(the recipient of the hand-off: its own Done can be deferred)
		}()
	}()
	wg.Wait()
}

// gofixer-test: preview
