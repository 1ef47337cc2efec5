package server

import (
	"net"
	"net/http"
	"net/http/fcgi"
)

// Serve speaks FastCGI: the web server in front owns the client connections.
func Serve(ln net.Listener, h http.Handler) error {
	return fcgi.Serve(ln, h)
}
