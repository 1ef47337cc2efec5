package waitgroup_under_lock

import "sync"

type Batch struct {
	mu    sync.Mutex
	wg    sync.WaitGroup
	total int
}

func (b *Batch) Go(n int) {
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		b.mu.Lock()
		b.total += n
		b.mu.Unlock()
	}()
}

// Flush holds b.mu while it waits for workers that each need b.mu before calling Done.
func (b *Batch) Flush() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.wg.Wait() // want "GF407 (preview): `b.wg.Wait\(\)` waits while holding `b.mu` .* the goroutine that would call Done \(a function literal, line 14\) locks the same mutex first"
}
