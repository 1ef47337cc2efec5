// Package sync2 already hands its context to every call that blocks.
package sync2

import (
	"context"
	"database/sql"
	"net"
	"net/http"
	"os/exec"
)

func Pull(ctx context.Context, db *sql.DB, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if _, err := db.ExecContext(ctx, "DELETE FROM cache"); err != nil {
		return err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", "localhost:9")
	if err != nil {
		return err
	}
	defer conn.Close()
	return exec.CommandContext(ctx, "sync").Run()
}
