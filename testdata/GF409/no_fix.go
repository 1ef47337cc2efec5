package no_fix

import "sync"

type task struct{ skip bool }

func (t task) run() {}

// A round may be skipped: the count no longer matches the rounds.
func runAll(tasks []task) {
	var wg sync.WaitGroup
	wg.Add(len(tasks))
	for _, t := range tasks {
		if t.skip {
			continue
		}
		go func() {
			defer wg.Done()
			t.run()
		}()
		wg.Wait() // want "GF409 (preview): `wg.Wait\(\)` inside the loop .*\(no fix: something in the loop leaves it early\)"
	}
}

// The count is not the number of rounds.
func runTwice(tasks []task) {
	var wg sync.WaitGroup
	wg.Add(2 * len(tasks))
	for _, t := range tasks {
		go func() {
			defer wg.Done()
			t.run()
		}()
		go func() {
			defer wg.Done()
			t.run()
		}()
		wg.Wait() // want "GF409 (preview): .*\(no fix: the count is not the number of rounds of the loop\)"
	}
}
