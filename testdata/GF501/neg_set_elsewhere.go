package server

import (
	"net/http"
	"time"
)

// Start builds the server and lets harden set its timeouts.
func Start(h http.Handler) error {
	srv := &http.Server{Addr: ":8080", Handler: h}
	harden(srv)
	return srv.ListenAndServe()
}

func harden(s *http.Server) {
	s.ReadHeaderTimeout = 5 * time.Second
}
