package direct_done

import (
	"fmt"
	"sync"
)

// Work before the Add, Done as the last statement: wg.Go counts before it starts and defers Done.
func run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			fmt.Println("worker", i)
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			fmt.Println("done", i)
			wg.Done()
		}()
	}
	wg.Wait()
}

// The deferred Done comes first, the Add later.
func deferredFirst(xs []int) {
	var wg sync.WaitGroup
	for _, x := range xs {
		go func() {
			defer wg.Done()
			fmt.Println("start", x)
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			fmt.Println("end", x)
		}()
	}
	wg.Wait()
}
