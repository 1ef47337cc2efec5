// Package api: HTTP handlers are GF302's; a function with no context parameter is not this rule's.
package api

import (
	"context"
	"net/http"
)

type Store interface {
	Load(ctx context.Context, key string) (string, error)
}

func Handler(s Store) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, _ := s.Load(context.Background(), r.URL.Path)
		w.Write([]byte(v))
	}
}

func Warm(s Store, keys []string) {
	for _, k := range keys {
		s.Load(context.Background(), k)
	}
}

// Probe is handed a context and leaves a fresh one to a worker started for the process.
func Probe(ctx context.Context, s Store, out chan<- context.Context) {
	out <- context.Background()
}
