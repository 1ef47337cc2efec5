package main

import "sync"

func merge(ins ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Add(1)
		go func(in <-chan int) {
			defer wg.Done()
			for v := range in {
				out <- v
			}
		}(in)
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// the receiver closes, but only after every sender is done
func collect(n int) []int {
	ch := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			ch <- i
		}(i)
	}
	var got []int
	for i := 0; i < n; i++ {
		got = append(got, <-ch)
	}
	wg.Wait()
	close(ch)
	return got
}

func main() {
	for v := range merge() {
		println(v)
	}
	println(len(collect(2)))
}
