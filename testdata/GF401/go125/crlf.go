package crlf

import (
	"fmt"
	"sync"
)

func run(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			if x < 0 {
				return
			}
			fmt.Println(x)
			wg.Done() // want "GF401: `wg\.Done\(\)` is called directly instead of deferred: the retu"
		}()
	}
	wg.Wait()
}
