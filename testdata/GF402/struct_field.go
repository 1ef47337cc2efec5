package struct_field

import (
	"log"
	"sync"
)

type Server struct {
	wg    sync.WaitGroup
	conns chan string
}

func (s *Server) Serve() {
	for c := range s.conns {
		go func() {
			log.Print("accepted ", c)
			s.wg.Add(1) // want "GF402: `s\.wg\.Add\(1\)` runs inside the goroutine it counts: `s\.wg\.Wai"
			defer s.wg.Done()
			log.Print("serving ", c)
		}()
	}
}

func (s *Server) Shutdown() {
	close(s.conns)
	s.wg.Wait()
}
