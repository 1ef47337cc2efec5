package server

import (
	"net"
	"net/http"
	"time"
)

// Serve already uses an http.Server with a header timeout.
func Serve(ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = (&http.Server{Addr: ":6060", ReadHeaderTimeout: time.Second}).ListenAndServe() }()
	return srv.Serve(ln)
}
