package server

import "net/http"

// ListenAndServe is this package's own helper with timeouts.
func ListenAndServe(addr string, h http.Handler) error {
	srv := newServer(addr, h)
	return srv.ListenAndServe()
}

func newServer(addr string, h http.Handler) *http.Server {
	s := &http.Server{Addr: addr, Handler: h}
	s.ReadHeaderTimeout = 1e10
	return s
}

// Run uses the package's own ListenAndServe.
func Run(h http.Handler) error {
	return ListenAndServe(":8080", h)
}
