package first_statement

import (
	"fmt"
	"sync"
)

func process(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func() {
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			fmt.Println(it)
		}()
	}
	wg.Wait()
}

func inBranch(items []string, parallel bool) {
	wg := &sync.WaitGroup{}
	for _, it := range items {
		if parallel {
			go func() {
				wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
				defer wg.Done()

				fmt.Println(it)
			}()
		} else {
			fmt.Println(it)
		}
	}
	wg.Wait()
}
