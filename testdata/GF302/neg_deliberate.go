package main

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

type service struct{ db *sql.DB }

func (s *service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/long-action":
		ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
		defer cancel()
		if _, err := s.db.ExecContext(ctx, "select 1"); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	case "/async-action":
		// This action has side effects that we want to preserve
		// even if the client cancels the HTTP request part way through.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := s.db.ExecContext(ctx, "stored_proc_name"); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}
}

func main() {
	http.Handle("/", &service{})
}
