package main

import (
	"context"
	"io"
	"net/http"
)

func lookup(ctx context.Context) string { return "" }

func unnamed(http.ResponseWriter, *http.Request) {
	if lookup(context.Background()) == "" { // want "GF302: context\.Background"
		return
	}
}

func blank(w http.ResponseWriter, _ *http.Request) {
	w.Write([]byte(lookup(context.Background()))) // want "GF302: context\.Background"
}

func shadowed(w http.ResponseWriter, r *http.Request) {
	if r, ok := w.(io.Reader); ok {
		_ = r
		w.Write([]byte(lookup(context.Background()))) // want "GF302: context\.Background"
	}
}

func inner(w http.ResponseWriter, r *http.Request) {
	read := func(r io.Reader) string {
		return lookup(context.Background()) // want "GF302: context\.Background"
	}
	w.Write([]byte(read(r.Body)))
}

func main() {
	http.HandleFunc("/a", unnamed)
	http.HandleFunc("/b", blank)
	http.HandleFunc("/c", shadowed)
	http.HandleFunc("/d", inner)
}
