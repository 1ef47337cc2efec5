package servertest

import (
	"net/http"
	"net/http/httptest"
)

// NewServer starts a test server with a custom http.Server.
func NewServer(h http.Handler) *httptest.Server {
	ts := httptest.NewUnstartedServer(h)
	ts.Config = &http.Server{Handler: h}
	ts.Start()
	return ts
}

// Literal builds an httptest.Server by hand.
func Literal(h http.Handler) *httptest.Server {
	return &httptest.Server{Config: &http.Server{Handler: h}}
}
