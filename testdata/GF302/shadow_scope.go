package main

import (
	"context"
	"net/http"
	"strings"
)

func lookup(ctx context.Context, s string) string { return s }

func handle(w http.ResponseWriter, r *http.Request) {
	n := 0
	for _, r := range r.URL.Path {
		if r == '/' {
			n++
		}
	}
	if r := strings.NewReader(r.URL.Path); r.Len() > 0 {
		n += r.Len()
	}
	w.Write([]byte(lookup(context.Background(), strings.Repeat("x", n)))) // want "GF302: context\.Background"
	wrap := func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(lookup(context.TODO(), r.URL.Path))) // want "GF302: context\.TODO"
	}
	wrap(w, r)
}

func main() {
	http.HandleFunc("/", handle)
}
