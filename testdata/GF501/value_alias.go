package server

import (
	"net/http"
	tm "time"
)

// Run serves until the listener fails.
func Run(addr string, h http.Handler) error {
	var srv http.Server = http.Server{ // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
		Addr:           addr,
		Handler:        h,
		MaxHeaderBytes: 1 << 20,
	}
	defer srv.Close()
	_ = tm.Now()
	return srv.ListenAndServe()
}
