package crlf

import "sync"

func run(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		go func() {
			if f == nil {
				return
			}
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			f()
		}()
	}
	wg.Wait()
}
