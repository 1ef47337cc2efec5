package neg_counted_before

import "sync"

// The goroutine was counted before it started; the later Add is for the next round's work.
func pipeline(steps []func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		steps[0]()
	}()
	wg.Add(len(steps) - 1)
	for _, s := range steps[1:] {
		go func() {
			defer wg.Done()
			s()
		}()
	}
	wg.Wait()
}
