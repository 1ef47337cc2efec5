package main

import "fmt"

func main() {
	ch := make(chan int, 1)
	close(ch)
	ch <- 5 // want "GF202: send on ch after close"
	fmt.Println(<-ch)
}
