package neg_add_first

import "sync"

func both(a, b func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		a()
	}()
	wg.Add(1)
	go func() {
		defer wg.Done()
		b()
	}()
	wg.Wait()
}
