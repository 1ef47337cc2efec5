package main

func gen(n int) <-chan int {
	ch := make(chan int, n)
	defer close(ch)
	for i := 0; i < n; i++ {
		ch <- i
	}
	return ch
}

func main() {
	for v := range gen(3) {
		println(v)
	}
}
