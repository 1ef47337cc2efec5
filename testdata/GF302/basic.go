package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"time"
)

type server struct {
	db *sql.DB
}

func (s *server) handleUser(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // want "GF302: context\.Background"
	defer cancel()
	var name string
	if err := s.db.QueryRowContext(ctx, "SELECT name FROM users WHERE id = ?", r.PathValue("id")).Scan(&name); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	fmt.Fprintln(w, name)
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := s.db.PingContext(context.TODO()); err != nil { // want "GF302: context\.TODO"
		http.Error(w, "down", http.StatusServiceUnavailable)
	}
}

func ping(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := context.Background() // want "GF302: context\.Background"
		ctx = context.WithValue(ctx, keyPath{}, r.URL.Path)
		if err := db.PingContext(ctx); err != nil {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
	}
}

type keyPath struct{}

func main() {
	s := &server{}
	http.HandleFunc("/user/{id}", s.handleUser)
	http.HandleFunc("/health", func(w http.ResponseWriter, r *http.Request) {
		rows, err := s.db.QueryContext(context.Background(), "SELECT 1") // want "GF302: context\.Background"
		if err != nil {
			return
		}
		rows.Close()
	})
	http.Handle("/", s)
	http.Handle("/ping", ping(s.db))
}
