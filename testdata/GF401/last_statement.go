package last_statement

import (
	"fmt"
	"sync"
)

func process(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			fmt.Println("processing", it)
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

func pointer(items []string) {
	wg := &sync.WaitGroup{}
	for _, it := range items {
		wg.Add(1)
		go func() {
			fmt.Println("processing", it)

			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

func allocated(items []string) {
	wg := new(sync.WaitGroup)
	wg.Add(len(items))
	for _, it := range items {
		go func() {
			// report the item
			fmt.Println("processing", it)
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

// gofixer-test: preview
