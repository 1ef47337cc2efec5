package main

import (
	"log"
	"net/http"
)

func main() {
	mux := http.NewServeMux()
	srv := &http.Server{Addr: ":8080", Handler: mux} // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
	log.Fatal(srv.ListenAndServe())
}

func admin() error {
	return (&http.Server{Addr: ":9090"}).ListenAndServe() // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
}

func empty() *http.Server {
	return &http.Server{} // want "GF501: http\.Server sets neither ReadHeaderTimeout nor ReadTimeout"
}
