package neg_add_per_round

import "sync"

// One goroutine at a time: an Add in each round, then its Wait.
func serial(jobs []func()) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			j()
		}()
		wg.Wait()
	}
}
