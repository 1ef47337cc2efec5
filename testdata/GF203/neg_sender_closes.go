package results

type item struct{ n int }

// The sender closes when it is done: the range ends.
func squares(n int) []item {
	out := make(chan item)
	go func() {
		defer close(out)
		for i := 0; i < n; i++ {
			out <- item{n: i * i}
		}
	}()
	var all []item
	for it := range out {
		all = append(all, it)
	}
	return all
}

// The function feeds the workers and closes the queue before it waits.
func feed(jobs []string, handle func(string)) {
	queue := make(chan string)
	done := make(chan struct{})
	go func() {
		for j := range queue {
			handle(j)
		}
		close(done)
	}()
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	<-done
}

// gofixer-test: preview
