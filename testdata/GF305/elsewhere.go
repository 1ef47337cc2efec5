// Package watch forwards changes until its context ends, except in one place.
package watch

import "context"

type Watcher struct {
	ctx     context.Context
	changes chan string
	results chan error
}

func (w *Watcher) run(next func() (string, error)) {
	for {
		select {
		case <-w.ctx.Done():
			return
		default:
		}
		c, err := next()
		if err != nil {
			w.results <- err // want "GF305 (preview): the send on w.results waits without w.ctx.Done\(\), which this function waits on at line 15"
			return
		}
		select {
		case w.changes <- c:
		case <-w.ctx.Done():
			return
		}
	}
}

type Server struct {
	requests chan chan int
	stop     chan struct{}
	done     chan struct{}
}

func (s *Server) loop() {
	for {
		select {
		case reply := <-s.requests:
			reply <- 42
		case <-s.stop:
			close(s.done)
			return
		}
	}
}

func (s *Server) Ask() int {
	reply := make(chan int)
	s.requests <- reply // want "GF305 (preview): the send on s.requests waits without <-s.done: the loop that receives it \(Server.loop\) closes s.done when it exits"
	return <-reply
}
