package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

func save(ctx context.Context, path string) error { return ctx.Err() }

func handle(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if err := save(ctx, r.URL.Path); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	// finish the audit record even if the client goes away
	if err := save(context.WithoutCancel(r.Context()), "audit"); err != nil {
		log.Println(err)
	}
}

func main() {
	http.HandleFunc("/", handle)
	// not in a handler
	if err := save(context.Background(), "startup"); err != nil {
		log.Fatal(err)
	}
}
