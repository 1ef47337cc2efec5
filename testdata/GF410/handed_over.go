package handed_over

import "sync"

type Server struct {
	wg    sync.WaitGroup
	conns []int
}

func (s *Server) serve(wg *sync.WaitGroup, c int) {
	defer wg.Done()
	_ = c
}

func (s *Server) Run() {
	for _, c := range s.conns {
		go s.serve(&s.wg, c)
		s.wg.Add(1) // want "GF410 (preview): `s.wg.Add\(1\)` comes after the go statement it counts"
	}
	s.wg.Wait()
}
