package main

import "fmt"

type server struct {
	work chan func()
	stop chan struct{}
}

// serve runs until the process exits: its stop case is a way out nobody takes, by design,
// since only main runs it.
func (s *server) serve() {
	for {
		select {
		case f := <-s.work:
			f()
		case <-s.stop:
			return
		}
	}
}

// keepForDump parks a goroutine that a crash dump shows; only main starts it, once.
func keepForDump() {
	go func() {
		select {}
	}()
}

func main() {
	s := &server{work: make(chan func()), stop: make(chan struct{})}
	keepForDump()
	go func() { s.work <- func() { fmt.Println("ready") } }()
	s.serve()
}

// gofixer-test: preview
