package main

func route(ok bool, v int, ch chan int) {
	if !ok {
		close(ch)
	} else {
		ch <- v
	}
}

func byKind(kind string, ch chan int) {
	switch kind {
	case "stop":
		close(ch)
	case "one":
		ch <- 1
	default:
		ch <- 0
	}
}

func early(err error, ch chan int) {
	if err != nil {
		close(ch)
		return
	}
	ch <- 1
}

func loopExit(in <-chan int, out chan int) {
	for v := range in {
		if v < 0 {
			close(out)
			break
		}
		out <- v
	}
}

func panics(ch chan int, bad bool) {
	if bad {
		close(ch)
		panic("bad")
	}
	ch <- 1
}

// correlated conditions: the rule does not evaluate them and stays silent
func correlated(done bool, ch chan int) {
	if done {
		close(ch)
	}
	if !done {
		ch <- 1
	}
}

func main() {
	ch := make(chan int, 8)
	route(true, 1, ch)
	byKind("one", ch)
	early(nil, ch)
	loopExit(nil, ch)
	panics(ch, false)
	correlated(false, ch)
}
