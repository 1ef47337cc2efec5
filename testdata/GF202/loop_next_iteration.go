package main

// forward copies in to out; on a zero it closes out but keeps looping.
func forward(in <-chan int, out chan int) {
	for {
		v := <-in
		out <- v // want "GF202: send on out after close"
		if v == 0 {
			close(out)
		}
	}
}

// the stop case closes and falls out of the select into the send below
func pump(in <-chan int, stop <-chan struct{}, out chan int) {
	for {
		var v int
		select {
		case v = <-in:
		case <-stop:
			close(out)
		}
		out <- v // want "GF202: send on out after close"
	}
}

func main() {
	in := make(chan int)
	out := make(chan int)
	go forward(in, out)
	go pump(in, nil, out)
}

// the close comes in a loop with a condition, and the send after the loop
func markers(n, k int, ch chan int) {
	for i := 0; i < n; i++ {
		if i == k {
			close(ch)
		}
	}
	ch <- n // want "GF202: send on ch after close"
}

func init() {
	markers(2, 5, make(chan int, 1))
}
