package server

import (
	"log"
	"net/http"
)

// Start serves a fixed greeting.
func Start(addr string) {
	srv := &http.Server{ // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
		Addr: addr,
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte("hello"))
		}),
		ErrorLog:       log.Default(), // server errors
		MaxHeaderBytes: 4096,          // small headers only
	}
	go func() {
		log.Println(srv.ListenAndServe())
	}()
}
