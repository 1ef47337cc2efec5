package neg_deferred

import (
	"log"
	"sync"
)

func run(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}

func recovering(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
				wg.Done()
			}()
			f()
		}()
	}
	wg.Wait()
}

// Done called synchronously, not in a goroutine.
func finish(wg *sync.WaitGroup, f func()) {
	f()
	wg.Done()
}

func sync1(f func()) {
	var wg sync.WaitGroup
	wg.Add(1)
	finish(&wg, f)
	wg.Wait()
}
