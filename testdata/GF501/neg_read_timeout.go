package server

import (
	"net/http"
	"time"
)

// New bounds the whole request read, headers included.
func New(h http.Handler) *http.Server {
	return &http.Server{Addr: ":8080", Handler: h, ReadTimeout: 5 * time.Second}
}
