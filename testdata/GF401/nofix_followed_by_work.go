package nofix_followed_by_work

import (
	"errors"
	"sync"
)

func compute(n int) (int, error) {
	if n < 0 {
		return 0, errors.New("negative")
	}
	return n * n, nil
}

// The waiter waits, then reads: Done before the send is deliberate, and a deferred Done would
// deadlock. Still, the early return skips Done.
func squares(ns []int) []int {
	var wg sync.WaitGroup
	results := make(chan int)
	for _, n := range ns {
		wg.Add(1)
		go func() {
			r, err := compute(n)
			if err != nil {
				return
			}
			wg.Done() // want "GF401: `wg\.Done\(\)` is called directly instead of deferred: the retu"
			results <- r
		}()
	}
	wg.Wait()
	var out []int
	for range ns {
		out = append(out, <-results)
	}
	return out
}
