package server

import "net/http"

var srv = &http.Server{ // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
	Addr: ":8080",
}

type app struct {
	public *http.Server
	name   string
}

// Serve runs both servers.
func Serve() error {
	a := app{
		name:   "orders",
		public: &http.Server{Addr: ":80", Handler: http.NotFoundHandler()}, // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
	}
	go func() { _ = a.public.ListenAndServe() }()
	return srv.ListenAndServe()
}
