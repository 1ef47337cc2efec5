package main

import (
	. "context"
	"database/sql"
	. "net/http"
)

var db *sql.DB

func handle(w ResponseWriter, r *Request) {
	ctx, cancel := WithCancel(Background()) // want "GF302: Background\(\) in an HTTP handler: the work goes on after the "
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		w.WriteHeader(StatusServiceUnavailable)
	}
}

func main() {
	HandleFunc("/", handle)
}
