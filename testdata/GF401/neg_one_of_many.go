package one_of_many

import (
	"log"
	"sync"
)

// One count for a hundred goroutines: the chosen one releases the waiter, the others are not
// meant to call Done.
func firstToFinish(work func(int) bool) {
	var first sync.WaitGroup
	first.Add(1)
	var once sync.Once
	for i := range 100 {
		go func() {
			if work(i) {
				once.Do(func() { log.Printf("worker %d won", i) })
			}
			if i == 42 {
				first.Done()
			}
		}()
	}
	first.Wait()
}
