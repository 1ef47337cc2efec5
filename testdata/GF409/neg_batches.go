package neg_batches

import "sync"

// Each batch is counted in its own round of the outer loop, and waited for there.
func inBatches(batches [][]func()) {
	var wg sync.WaitGroup
	for _, batch := range batches {
		wg.Add(len(batch))
		for _, j := range batch {
			go func() {
				defer wg.Done()
				j()
			}()
		}
		wg.Wait()
	}
}

// An earlier Wait drained the count added before it: the loop's own goroutines are counted there.
func twoPhases(first []func(), second []func()) {
	var wg sync.WaitGroup
	wg.Add(len(first))
	for _, j := range first {
		go func() {
			defer wg.Done()
			j()
		}()
	}
	wg.Wait()
	for _, j := range second {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j()
		}()
		wg.Wait()
	}
}
