package main

func pool(js []int) int {
	jobs := make(chan int)
	results := make(chan int)
	for w := 0; w < 3; w++ {
		go func() {
			for j := range jobs {
				results <- j * 2
			}
		}()
	}
	go func() {
		for _, j := range js {
			jobs <- j
		}
		close(jobs)
	}()
	sum := 0
	for range js {
		sum += <-results
	}
	close(results)
	return sum
}

func rows(ch chan int, xs [][]int) {
outer:
	for _, row := range xs {
		for _, v := range row {
			if v < 0 {
				close(ch)
				break outer
			}
			ch <- v
		}
	}
}

func main() {
	println(pool([]int{1, 2}))
	rows(make(chan int, 9), nil)
}
