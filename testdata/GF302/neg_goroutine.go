package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

func audit(ctx context.Context, path string) { log.Println(ctx, path) }

type worker struct{}

func (worker) run(ctx context.Context) { <-ctx.Done() }

func handle(w http.ResponseWriter, r *http.Request) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		audit(ctx, r.URL.Path)
	}()
	go audit(context.Background(), r.URL.Path)
	ctx := context.Background()
	go worker{}.run(ctx)
	w.WriteHeader(http.StatusAccepted)
}

func main() {
	http.HandleFunc("/", handle)
}
