package main

// the close is in the last iteration: the loop condition ends it
func fill(ch chan int, n int) {
	for i := 0; i < n; i++ {
		ch <- i
		if i == n-1 {
			close(ch)
		}
	}
}

func main() {
	ch := make(chan int, 3)
	fill(ch, 3)
}
