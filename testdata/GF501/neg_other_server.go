package server

import (
	"net/http"
	"net/rpc"
)

// Server is this package's own server type.
type Server struct {
	Addr    string
	Handler http.Handler
}

// New builds servers that are not net/http's.
func New(h http.Handler) (*Server, *rpc.Server) {
	return &Server{Addr: ":8080", Handler: h}, &rpc.Server{}
}
