package server

import (
	"net/http"
	"time"
)

// Config holds the server settings.
type Config struct {
	Addr          string
	HeaderTimeout time.Duration
}

// New sets the header timeout from configuration.
func New(cfg Config, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              cfg.Addr,
		Handler:           h,
		ReadHeaderTimeout: cfg.HeaderTimeout,
	}
}
