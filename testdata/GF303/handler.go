// Package web serves pages that call a database and shell out, on behalf of the request.
package web

import (
	"database/sql"
	"net/http"
	"os/exec"
)

type Server struct {
	db *sql.DB
}

func (s *Server) Stats(w http.ResponseWriter, r *http.Request) {
	var n int
	if err := s.db.QueryRow("SELECT count(*) FROM visits").Scan(&n); err != nil { // want "GF303: s.db.QueryRow\(…\) cannot be cancelled: the database call goes on after r.Context\(\) is done.*use s.db.QueryRowContext\(r.Context\(\), …\)"
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	out, _ := exec.Command("uptime").Output() // want "GF303: exec.Command\(…\) cannot be cancelled"
	w.Write(out)
}
