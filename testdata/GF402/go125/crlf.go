package crlf

import (
	"fmt"
	"sync"
)

func run(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			fmt.Println(x)
		}()
	}
	wg.Wait()
}
