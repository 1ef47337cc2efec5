package nofix

import (
	"fmt"
	"sync"
)

// The WaitGroup is the literal's own parameter.
func param(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func(wg *sync.WaitGroup) {
			fmt.Println(it)
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
		}(&wg)
	}
	wg.Wait()
}

// The count is computed inside the goroutine.
func local(batches [][]string) {
	var wg sync.WaitGroup
	for _, b := range batches {
		go func() {
			n := len(b) / len(b)
			wg.Add(n) // want "GF402: `wg\.Add\(n\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			fmt.Println(b)
		}()
	}
	wg.Wait()
}

// A guard returns before the Add and Done is not in a shape that can move.
func guarded(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func() {
			if it == "" {
				return
			}
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			if len(it) > 3 {
				wg.Done()
				return
			}
			fmt.Println(it)
			wg.Done()
		}()
	}
	wg.Wait()
}
