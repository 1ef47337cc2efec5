package old_not_one

import (
	"fmt"
	"sync"
)

const perWorker = 1

// Add(n) with n other than the literal 1: the Add moves, wg.Go is not offered.
func run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		go func() {
			wg.Add(perWorker) // want "GF402: `wg\.Add\(perWorker\)` runs inside the goroutine it counts: `wg"
			defer wg.Done()
			fmt.Println("worker", i)
		}()
	}
	wg.Wait()
}

func batch(jobs [][]int) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		go func() {
			wg.Add(len(job)) // want "GF402: `wg\.Add\(len\(job\)\)` runs inside the goroutine it counts: `wg\."
			for _, j := range job {
				fmt.Println(j)
				wg.Done()
			}
		}()
	}
	wg.Wait()
}
