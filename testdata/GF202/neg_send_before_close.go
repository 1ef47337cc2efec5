package main

func emit(vals []int) <-chan int {
	ch := make(chan int, len(vals))
	for _, v := range vals {
		ch <- v
	}
	close(ch)
	return ch
}

func main() {
	for v := range emit([]int{1, 2}) {
		println(v)
	}
}
