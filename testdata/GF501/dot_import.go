package server

import (
	. "net/http"
)

// Run serves h on addr.
func Run(addr string, h Handler) error {
	srv := &Server{Addr: addr, Handler: h} // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
	return srv.ListenAndServe()
}
