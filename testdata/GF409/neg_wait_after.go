package neg_wait_after

import "sync"

func all(jobs []func()) {
	var wg sync.WaitGroup
	wg.Add(len(jobs))
	for _, j := range jobs {
		go func() {
			defer wg.Done()
			j()
		}()
	}
	wg.Wait()
}
