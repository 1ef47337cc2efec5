package old_add_before_loop

import (
	"fmt"
	"sync"
)

// One Add for the whole loop: there is no Add(1) per goroutine to fold into wg.Go.
func allAtOnce(items []string) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	for _, it := range items {
		go func() {
			fmt.Println("processing", it)
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

// Add(2) counts both goroutines.
func two() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		fmt.Println("a")
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	go func() {
		fmt.Println("b")
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	wg.Wait()
}

// Something else runs between the Add and the go statement.
func between(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		fmt.Println("starting", it)
		go func() {
			fmt.Println("processing", it)
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

// gofixer-test: preview
