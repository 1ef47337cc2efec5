package neg_add_in_branch

import (
	"fmt"
	"sync"
)

// The goroutine counts itself only on one path: not a plain move, left alone.
func process(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func() {
			if it != "" {
				wg.Add(1)
				defer wg.Done()
				fmt.Println(it)
			}
		}()
	}
	wg.Wait()
}
