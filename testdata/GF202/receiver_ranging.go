package main

func produce(out chan<- int) {
	for i := 0; ; i++ {
		out <- i
	}
}

func firstOver(limit int) int {
	ch := make(chan int)
	go produce(ch)
	for v := range ch {
		if v > limit {
			close(ch) // want "GF202: close\(ch\) by its receiver while the goroutine started at lin"
			return v
		}
	}
	return -1
}

func take(n int) []int {
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			ch <- i * i
		}
	}()
	a, b := <-ch, <-ch
	close(ch) // want "GF202: close\(ch\) by its receiver while the goroutine started at lin"
	return []int{a, b, n}
}

func main() {
	println(firstOver(3), len(take(2)))
}
