package wg_go

import "sync"

func each(items []string, f func(string)) {
	var wg sync.WaitGroup
	for _, it := range items {
		go func() {
			defer wg.Done()
			f(it)
		}()
		wg.Add(1) // want "GF410 (preview): `wg.Add\(1\)` comes after the go statement it counts"
	}
	wg.Wait()
}
