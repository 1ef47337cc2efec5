package neg_worker_pointer

import (
	"fmt"
	"sync"
)

func worker(id int, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Println(id)
}

func run(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go worker(i, &wg)
	}
	wg.Wait()
}

// Registers work for a consumer that calls Done per item: no Done of its own.
func producer(in <-chan int, queue chan<- int, wg *sync.WaitGroup) {
	go func() {
		for x := range in {
			wg.Add(1)
			queue <- x
		}
	}()
}
