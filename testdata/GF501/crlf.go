package server

import "net/http"

// Serve serves h on addr.
func Serve(addr string, h http.Handler) error {
	srv := &http.Server{ // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
		Addr:    addr,
		Handler: h,
	}
	return srv.ListenAndServe()
}
