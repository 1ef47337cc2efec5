// gofixer-test: preview

// Package tools shells out and queries a database from code that has no context to give.
package tools

import (
	"context"
	"database/sql"
	"net"
	"os/exec"
)

func Version() (string, error) {
	out, err := exec.Command("git", "describe").Output() // want "GF303 (preview): exec.Command\(…\) cannot be cancelled, and no context is at hand here: use exec.CommandContext\(a context, …\)"
	return string(out), err
}

// Migrate has only a context that nothing cancels.
func Migrate(db *sql.DB) error {
	ctx := context.Background()
	_ = ctx
	_, err := db.Exec("CREATE TABLE IF NOT EXISTS items (id INTEGER)") // want "GF303 (preview): db.Exec\(…\) cannot be cancelled, and no context is at hand here"
	return err
}

// Port dials without a context: the deadline check of the GF5 family is about it.
func Port(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	return c.Close()
}
