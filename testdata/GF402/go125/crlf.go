package crlf

import (
	"fmt"
	"sync"
)

func run(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			wg.Add(1) // want "GF402"
			defer wg.Done()
			fmt.Println(x)
		}()
	}
	wg.Wait()
}
