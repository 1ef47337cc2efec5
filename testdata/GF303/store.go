// Package store keeps items in a SQL database; every method is given its caller's context.
package store

import (
	"context"
	"database/sql"
	"time"
)

type Store struct {
	db *sql.DB
}

func (s *Store) Count(ctx context.Context) (n int, err error) {
	err = s.db.QueryRow("SELECT count(*) FROM items").Scan(&n) // want "GF303: s.db.QueryRow\(…\) cannot be cancelled: the database call goes on after ctx is done, holding its connection; use s.db.QueryRowContext\(ctx, …\)"
	return n, err
}

func (s *Store) Rename(ctx context.Context, id int, name string) error {
	tx, err := s.db.Begin() // want "GF303: s.db.Begin\(…\) cannot be cancelled.*use s.db.BeginTx\(ctx, nil\)"
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.Exec("UPDATE items SET name = ? WHERE id = ?", name, id); err != nil { // want "GF303: tx.Exec\(…\) cannot be cancelled"
		return err
	}
	return tx.Commit()
}

func (s *Store) Names(ctx context.Context, ids ...any) ([]string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	rows, err := s.db.Query("SELECT name FROM items WHERE id IN (?)", ids...) // want "GF303: s.db.Query\(…\) cannot be cancelled"
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// Cursor hands its rows to the caller, while the deadline it sets ends with the function.
func (s *Store) Cursor(ctx context.Context) (*sql.Rows, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := s.db.Ping(); err != nil { // want "GF303: s.db.Ping\(…\) cannot be cancelled.*use s.db.PingContext\(ctx\)$"
		return nil, err
	}
	return s.db.Query("SELECT name FROM items") // want "GF303: s.db.Query\(…\) cannot be cancelled.*no fix: ctx is cancelled when this function returns"
}

func (s *Store) Ready(ctx context.Context) bool {
	return s.db.PingContext(ctx) == nil
}
