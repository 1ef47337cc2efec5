package no_fix

import "sync"

func jobs() int { return 3 }

func start(f func()) {
	var wg sync.WaitGroup
	go func() {
		defer wg.Done()
		f()
	}()
	wg.Add(jobs() - 2) // want "GF410 (preview): `wg.Add\(jobs\(\) - 2\)` comes after .*\(no fix: its argument calls a function\)"
	wg.Wait()
}
