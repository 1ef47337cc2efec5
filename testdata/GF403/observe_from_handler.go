// Package api: Stats is a field of the handler; Observe runs inside every request (the example
// service's shape).
package api

import (
	"net/http"
)

// Stats tracks request counts.
type Stats struct {
	Requests int
	Errors   int
}

// Observe records one finished request.
func (s *Stats) Observe(status int) {
	s.Requests++ // want "GF403: `Stats\.Requests` is written without a lock while Stats is shared betwe"
	if status >= 500 {
		s.Errors++
	}
}

// Handler serves the API.
type Handler struct {
	mux   *http.ServeMux
	stats Stats
}

// New wires up the routes.
func New() *Handler {
	return &Handler{mux: http.NewServeMux()}
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
	h.stats.Observe(http.StatusOK)
}
