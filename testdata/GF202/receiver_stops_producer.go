package main

func next() int { return 1 }

// closing done first does not help: the producer's select may still pick the send
func one() int {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case ch <- next():
			case <-done:
				return
			}
		}
	}()
	v := <-ch
	close(done)
	close(ch) // want "GF202: close\(ch\) by its receiver while the goroutine started at lin"
	return v
}

type stream struct{ ch chan int }

func (s *stream) head() int {
	go func() {
		for {
			s.ch <- next()
		}
	}()
	v := <-s.ch
	close(s.ch) // want "GF202: close\(s\.ch\) by its receiver while the goroutine started at l"
	return v
}

func main() {
	s := &stream{ch: make(chan int)}
	println(one(), s.head())
}
