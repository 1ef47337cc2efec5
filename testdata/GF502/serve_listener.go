package server

import (
	"log"
	"net"
	"net/http"
)

// Serve serves h on a listener it opens, in the background.
func Serve(h http.Handler) (net.Addr, error) {
	ln, err := net.Listen("tcp", ":0")
	if err != nil {
		return nil, err
	}
	go http.Serve(ln, h) // want "GF502: http\.Serve serves with every timeout zero"
	return ln.Addr(), nil
}

// ServeTLS serves the default mux over TLS on ln.
func ServeTLS(ln net.Listener, certFile, keyFile string) {
	if err := http.ServeTLS(ln, nil, certFile, keyFile); err != nil { // want "GF502: http\.ServeTLS serves with every timeout zero"
		log.Print(err)
	}
}
