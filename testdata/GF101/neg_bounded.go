package p

import (
	"log"
	"sync"
)

// Once does a finite amount of work.
func Once(in <-chan int) {
	go func() {
		v := <-in
		log.Print(v)
	}()
}

// Counted loops a known number of times.
func Counted(n int, out chan<- int) {
	go func() {
		for i := 0; i < n; i++ {
			out <- i
		}
		close(out)
	}()
	go func() {
		for i := range n {
			log.Print(i)
		}
	}()
}

// Waits: a loop that waits on a WaitGroup is coordinated by it.
func Waits(rounds <-chan []func()) {
	go func() {
		var wg sync.WaitGroup
		for {
			fns := <-rounds
			for _, f := range fns {
				wg.Add(1)
				go func() {
					defer wg.Done()
					f()
				}()
			}
			wg.Wait()
		}
	}()
}
