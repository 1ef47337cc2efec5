package main

func rows(ch chan int, xs [][]int) {
outer:
	for _, row := range xs {
		for _, v := range row {
			if v < 0 {
				close(ch)
				continue outer
			}
			ch <- v
		}
	}
	ch <- 0 // want "GF202: send on ch after close"
}

func main() {
	rows(make(chan int, 9), nil)
}
