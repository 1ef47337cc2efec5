package server

import (
	"net/http"
	"time"
)

// New builds the public server; streaming endpoints need no write timeout here.
func New(h http.Handler) *http.Server {
	return &http.Server{ // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
		Addr: ":443",

		// the handler chain
		Handler:      h,
		WriteTimeout: 30 * time.Second,
		IdleTimeout:  time.Minute, // keep-alive
	}
}
