package neg_spawn

import (
	"fmt"
	"sync"
)

func work(x int, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Println(x)
}

// The goroutine adds for the goroutines it starts itself.
func fanOut(xs []int) {
	var wg sync.WaitGroup
	done := make(chan struct{})
	go func() {
		for _, x := range xs {
			wg.Add(1)
			go work(x, &wg)
		}
		close(done)
	}()
	<-done
	wg.Wait()
}

// Its own count was added before it started; the later Add is for a child.
func nested(xs []int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fmt.Println("parent")
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println(xs)
		}()
	}()
	wg.Wait()
}
