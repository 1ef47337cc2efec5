package server

import (
	"net/http"
	"time"
)

// ServeTLS serves mux over TLS; the ticker keeps time imported already.
func ServeTLS(addr string, mux *http.ServeMux) error {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	return http.ListenAndServeTLS(addr, "cert.pem", "key.pem", mux) // want "GF502: http\.ListenAndServeTLS serves with every timeout zero"
}
