package main

type flusher struct{ n int }

func (f *flusher) close(ch chan int) { f.n++; _ = ch }

func local(ch chan int) {
	close := func(c chan int) { println(len(c)) }
	close(ch)
	ch <- 1
}

func method(f *flusher, ch chan int) {
	f.close(ch)
	ch <- 1
}

func main() {
	ch := make(chan int, 2)
	local(ch)
	method(&flusher{}, ch)
}
