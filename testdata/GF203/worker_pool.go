package pool

import "sync"

type job struct{ path string }

func handle(j job) { _ = j.path }

// The function feeds the workers and then waits for them, but never closes the queue: the
// workers never leave their range, and Wait never returns.
func runAll(jobs []job, workers int) {
	queue := make(chan job)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range queue { // want "GF203 (preview): range over queue never ends: its only sender \(this function\) finishes without closing queue"
				handle(j)
			}
		}()
	}
	for _, j := range jobs {
		queue <- j
	}
	wg.Wait()
}

// gofixer-test: preview
