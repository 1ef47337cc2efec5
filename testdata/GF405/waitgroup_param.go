package wgparam

import (
	"fmt"
	"sync"
)

// worker gets its own copy of the WaitGroup: its Done never reaches the caller's, and
// Wait blocks forever.
func worker(id int, wg sync.WaitGroup, out chan<- string) { // want "GF405: parameter wg of type sync\.WaitGroup is passed by value"
	defer wg.Done()
	out <- fmt.Sprint(id)
}

func Run(n int) []string {
	var wg sync.WaitGroup
	out := make(chan string, n)
	for i := range n {
		wg.Add(1)
		go worker(i, wg, out)
	}
	wg.Wait()
	close(out)
	var res []string
	for s := range out {
		res = append(res, s)
	}
	return res
}
