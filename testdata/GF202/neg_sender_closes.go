package main

func squares(n int) []int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i * i
		}
		close(ch)
	}()
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}

// the receiver takes exactly what was sent, then closes
func pair() (int, int) {
	ch := make(chan int)
	go func() {
		for i := 0; i < 2; i++ {
			ch <- i
		}
	}()
	a, b := <-ch, <-ch
	close(ch)
	return a, b
}

func main() {
	println(len(squares(3)))
	println(pair())
}
