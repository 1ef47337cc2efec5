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
	go s.run()    // want "GF101: the goroutine Server\.run's loop at line 10 never ends"
	go worker(in) // want "GF101: the goroutine worker's loop at line 17 never ends"
	other := &Server{jobs: make(chan string)}
	go other.run() // want "GF101: the goroutine Server\.run's loop at line 10 never ends"
}

// StartFor resolves the method through a parameter's type.
func StartFor(s *Server) {
	go s.run() // want "GF101: the goroutine Server\.run's loop at line 10 never ends"
}
