package several_branches

import (
	"errors"
	"sync"
)

func check(n int) error {
	if n%2 == 1 {
		return errors.New("odd")
	}
	return nil
}

func validate(ns []int) []error {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for _, n := range ns {
		wg.Add(1)
		go func() {
			if n < 0 {
				wg.Done() // want "GF401 (preview): `wg\.Done\(\)` \(and 2 more\) is called directly instead of defer"
				return
			}
			err := check(n)
			if err == nil {
				wg.Done()
				return
			}
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	return errs
}

func selectLoop(jobs <-chan int, quit <-chan struct{}, out chan<- int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for {
			select {
			case <-quit:
				wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
				return
			case j := <-jobs:
				out <- j * 2
			}
		}
	}()
	wg.Wait()
}

// gofixer-test: preview
