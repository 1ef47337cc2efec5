package main

func serve(in <-chan int, quit <-chan struct{}, out chan int) {
	var pending []int
	for {
		var send chan int
		var next int
		if len(pending) > 0 {
			send, next = out, pending[0]
		}
		select {
		case v := <-in:
			pending = append(pending, v)
		case send <- next:
			pending = pending[1:]
		case <-quit:
			close(out)
			return
		}
	}
}

func drain(in <-chan int, out chan int) {
	for {
		select {
		case v, ok := <-in:
			if !ok {
				close(out)
				return
			}
			out <- v
		}
	}
}

func main() {
	out := make(chan int)
	go serve(nil, nil, out)
	go drain(nil, out)
}
