package cleanup

import (
	"context"
	"database/sql"
)

// Purge runs a DELETE through Query: the rows it returns are never closed, so every call
// keeps a connection out of the pool.
func Purge(ctx context.Context, db *sql.DB, before int64) error {
	_, err := db.QueryContext(ctx, "DELETE FROM sessions WHERE expires < $1", before) // want "GF505 (preview): the \*sql\.Rows of db\.QueryContext is discarded, so it is never closed: its connection stays out of the pool \(use Exec"
	return err
}

func Touch(db *sql.DB, id int64) {
	db.Query("UPDATE sessions SET seen = now() WHERE id = $1", id) // want "GF505 (preview): the \*sql\.Rows of db\.Query is discarded"
}
