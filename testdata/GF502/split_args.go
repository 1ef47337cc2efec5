package server

import "net/http"

// Debug serves the debug handlers on the loopback interface.
func Debug(mux *http.ServeMux) error {
	return http.ListenAndServe( // want "GF502: http\.ListenAndServe serves with every timeout zero"
		":6060",
		mux,
	)
}
