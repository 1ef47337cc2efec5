package crlf

import "sync"

func run(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			f()
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

// gofixer-test: preview
