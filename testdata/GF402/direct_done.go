package direct_done

import (
	"fmt"
	"sync"
)

const perWorker = 1

// The Add moves; the undeferred Done is GF401's to fix.
func run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			fmt.Println("worker", i)
			wg.Add(perWorker) // want "GF402: `wg\.Add\(perWorker\)` runs inside the goroutine it counts: `wg"
			fmt.Println("done", i)
			wg.Done()
		}()
	}
	wg.Wait()
}
