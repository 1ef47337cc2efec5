package main

// a flag set with the close guards the later sends
func relay(in <-chan int, quit <-chan struct{}, out chan int) {
	closed := false
	for {
		select {
		case <-quit:
			if !closed {
				close(out)
				closed = true
			}
		case v := <-in:
			if !closed {
				out <- v
			}
		}
	}
}

func main() {
	go relay(nil, nil, make(chan int))
}
