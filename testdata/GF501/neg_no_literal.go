package server

import "net/http"

// Handler is what the servers serve.
var Handler http.Handler = http.NotFoundHandler()

// ServeMux mentions Server in a comment only: http.Server{}.
func ServeMux() *http.ServeMux { return http.NewServeMux() }
