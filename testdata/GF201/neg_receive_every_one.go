package p

// Every sender is received from: the loop after the fan-out takes one value per element.
func squares(xs []int) int {
	out := make(chan int)
	for _, x := range xs {
		go func() { out <- x * x }()
	}
	sum := 0
	for range xs {
		sum += <-out
	}
	return sum
}

// The receive is in the loop, right after the goroutine it starts: the first round returns
// with the one value sent.
func firstDone(jobs []func() int) int {
	done := make(chan int)
	for _, j := range jobs {
		go func() { done <- j() }()
		return <-done
	}
	return 0
}

// The collection grows between the make and the receive: len(jobs) at the make would not be
// the number of senders (not reported).
func anyOf(jobs []func() int, extra func() int) int {
	done := make(chan int)
	jobs = append(jobs, extra)
	for _, j := range jobs {
		go func() { done <- j() }()
	}
	return <-done
}
