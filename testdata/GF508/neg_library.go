package lib

import "net/http"

// A library serves when asked; how its process stops is the program's business.
func Serve(addr string, h http.Handler) error {
	return http.ListenAndServe(addr, h)
}
