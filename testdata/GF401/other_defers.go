package other_defers

import (
	"sync"
)

func produce(n int) <-chan int {
	out := make(chan int, n)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- i
		}
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	wg.Wait()
	return out
}

// gofixer-test: preview
