package loop_add_after

import (
	"fmt"
	"sync"
)

func fetch(url string) error { return nil }

func fetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		go func() {
			defer wg.Done()
			if err := fetch(u); err != nil {
				fmt.Println(u, err)
			}
		}()
		wg.Add(1) // want "GF410 (preview): `wg.Add\(1\)` comes after the go statement it counts \(line 13\)"
	}
	wg.Wait()
}
