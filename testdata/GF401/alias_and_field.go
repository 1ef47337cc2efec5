package alias_and_field

import (
	"log"
	gosync "sync"
)

type server struct {
	conns chan string
	wg    gosync.WaitGroup
	done  chan struct{}
}

func (s *server) serve() {
	s.wg.Add(1)
	go func() {
		for c := range s.conns {
			log.Print(c)
		}
		s.wg.Done() // want "GF401 (preview): `s\.wg\.Done\(\)` is called directly instead of deferred: only a"
	}()
}

func (s *server) close() {
	close(s.conns)
	s.wg.Wait()
	close(s.done)
}

var pending gosync.WaitGroup

func background(f func()) {
	pending.Add(1)
	go func() {
		f()
		pending.Done() // want "GF401 (preview): `pending\.Done"
	}()
}

// gofixer-test: preview
