package p

import "log"

type Server struct {
	jobs chan string
}

func (s *Server) run() {
	for {
		job := <-s.jobs
		log.Print(job)
	}
}

func worker(in <-chan int) {
	for {
		log.Print(<-in)
	}
}

// Start runs named functions and methods: reported, no fix (they would need a context).
func (s *Server) Start(in <-chan int) {
	go s.run()    // want "GF101"
	go worker(in) // want "GF101"
	other := &Server{jobs: make(chan string)}
	go other.run() // want "GF101"
}

// StartFor resolves the method through a parameter's type.
func StartFor(s *Server) {
	go s.run() // want "GF101"
}
