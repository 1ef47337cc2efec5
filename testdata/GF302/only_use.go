package main

import (
	"context"
	"database/sql"
	"net/http"
)

var db *sql.DB

func handle(w http.ResponseWriter, r *http.Request) {
	if err := db.PingContext(context.Background()); err != nil { // want "GF302: context\.Background"
		w.WriteHeader(http.StatusServiceUnavailable)
	}
}

func main() {
	http.HandleFunc("/", handle)
}
