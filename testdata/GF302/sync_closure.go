package main

import (
	"context"
	"net/http"
)

func lookup(ctx context.Context, key string) string { return key }

func handle(w http.ResponseWriter, r *http.Request) {
	get := func(key string) string {
		return lookup(context.Background(), key) // want "GF302: context\.Background"
	}
	a := get("a")
	b := func() string {
		return lookup(context.TODO(), "b") // want "GF302: context\.TODO"
	}()
	w.Write([]byte(a + b))
}

func main() {
	http.HandleFunc("/", handle)
}
