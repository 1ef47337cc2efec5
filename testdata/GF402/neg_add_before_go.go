package neg_add_before_go

import (
	"fmt"
	"sync"
)

func process(items []string) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(it)
		}()
	}
	wg.Wait()
}
