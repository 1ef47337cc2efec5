package neg_modern

import (
	"fmt"
	"sync"
)

// Already wg.Go, or already deferred: nothing to report.
func modern(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Go(func() {
			fmt.Println(it)
		})
	}
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(it)
		}()
	}
	wg.Wait()
}
