package old_guard_and_args

import (
	"log"
	"sync"
)

type order struct {
	ID    string
	Email string
}

// A guard returns before the Add: the classic unsafe fix, not wg.Go.
func notify(orders []order) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			if o.Email == "" {
				return
			}
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			log.Print(o.ID)
		}()
	}
	wg.Wait()
}

// wg.Go takes a func(): a literal with parameters keeps the classic fix.
func withArgs(orders []order) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func(o order) {
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			log.Print(o.ID)
		}(o)
	}
	wg.Wait()
}

// Another defer runs after Done here; under wg.Go it would run before.
func otherDeferFirst(orders []order, results chan<- string) {
	var wg sync.WaitGroup
	for _, o := range orders {
		go func() {
			defer func() { results <- o.ID }()
			wg.Add(1) // want "GF402: `wg\.Add\(1\)` runs inside the goroutine it counts: `wg\.Wait\(\)`"
			defer wg.Done()
			log.Print(o.ID)
		}()
	}
	wg.Wait()
}
