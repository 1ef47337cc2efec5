package jobs

import (
	"context"
	"database/sql"
	"fmt"
)

type Store struct {
	db *sql.DB
}

// PendingIDs lists the jobs waiting in a state: an error from Scan leaves the rows open.
func (s *Store) PendingIDs(ctx context.Context, state string) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id FROM jobs WHERE state = $1", state) // want "GF505 (preview): the \*sql\.Rows of s\.db\.QueryContext is closed only by the rows\.Next\(\) that ends the loop: the return at line 23 leaves it open"
	if err != nil {
		return nil, fmt.Errorf("jobs: list %s: %w", state, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Owner reads one column of the first row only: the rows are never closed.
func (s *Store) Owner(ctx context.Context, id int64) (string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT owner FROM jobs WHERE id = $1", id) // want "GF505 (preview): the \*sql\.Rows of s\.db\.QueryContext is never closed, returned or passed on: its connection stays out of the pool"
	if err != nil {
		return "", err
	}
	if !rows.Next() {
		return "", sql.ErrNoRows
	}
	var owner string
	err = rows.Scan(&owner)
	return owner, err
}
