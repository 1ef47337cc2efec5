package neg_loop_per_job

import (
	"fmt"
	"sync"
)

// Each job was counted by the producer; the worker marks each one done.
func consume(jobs []int) {
	var wg sync.WaitGroup
	ch := make(chan int, len(jobs))
	wg.Add(len(jobs))
	go func() {
		for j := range ch {
			fmt.Println(j)
			wg.Done()
		}
	}()
	for _, j := range jobs {
		ch <- j
	}
	wg.Wait()
	close(ch)
}

// Two counts held by one goroutine.
func twice(a, b func()) {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		a()
		wg.Done()
		b()
		wg.Done()
	}()
	wg.Wait()
}
