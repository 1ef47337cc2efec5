package main

import (
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"time"
)

type agent struct {
	admin *http.Server
	api   *http.Server
}

func (a *agent) start(mux *http.ServeMux) error {
	// the admin API answers the CLI on this machine only
	a.admin = &http.Server{ // want "GF501 (preview): loopback interface only"
		Addr:    "127.0.0.1:7070",
		Handler: mux,
	}
	go a.admin.ListenAndServe()

	ln, err := net.Listen("tcp", "[::1]:0")
	if err != nil {
		return err
	}
	metrics := &http.Server{Handler: mux} // want "GF501 (preview): loopback interface only"
	go metrics.Serve(ln)

	debug := &http.Server{Addr: ":6060"} // want "GF501 (preview): profiling handlers, a debugging endpoint"
	go debug.ListenAndServe()

	a.api = &http.Server{Addr: ":8080", Handler: mux} // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
	return a.api.ListenAndServe()
}

func (a *agent) tune(idle time.Duration) {
	// other settings of the same server do not bound the headers
	a.api.IdleTimeout = idle
}

func main() {
	a := &agent{}
	log.Fatal(a.start(http.NewServeMux()))
}
