package main

import (
	"fmt"
	"sync"
)

type Server struct {
	mu       sync.Mutex
	draining bool
}

// Stop locks s.mu again where it meant to unlock it: the second Lock deadlocks before the
// return. Which of the two calls is wrong is for a person to say, so there is no fix.
func (s *Server) Stop() {
	s.mu.Lock() // want "GF404: the return at line 19 leaves with the lock held: s\.mu\.Unlock\(\) is skipped and the next s\.mu\.Lock\(\) blocks forever; no fix: s\.mu\.Lock\(\) at line 18 locks it again while it is held"
	if s.draining {
		s.mu.Lock()
		return
	}
	s.draining = true
	s.mu.Unlock()
}

func main() {
	s := &Server{}
	s.Stop()
	fmt.Println(s.draining)
}
