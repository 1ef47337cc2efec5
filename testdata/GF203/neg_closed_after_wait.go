package merge

import "sync"

// Several senders, and a goroutine that closes once they are all done.
func merge(inputs [][]int) []int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func(in []int) {
			defer wg.Done()
			for _, v := range in {
				out <- v
			}
		}(in)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var all []int
	for v := range out {
		all = append(all, v)
	}
	return all
}

// gofixer-test: preview
