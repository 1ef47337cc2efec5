// Package lease holds a lock row while work runs, and releases it whatever became of the work.
package lease

import (
	"context"
	"database/sql"
	"errors"
)

type Lease struct {
	db *sql.DB
}

func (l *Lease) Hold(ctx context.Context, name string, work func(context.Context) error) error {
	if _, err := l.db.ExecContext(ctx, "INSERT INTO locks(name) VALUES (?)", name); err != nil {
		return err
	}
	// the release must run even when ctx is done
	defer l.db.Exec("DELETE FROM locks WHERE name = ?", name)
	defer func() {
		l.db.Exec("UPDATE stats SET released = released + 1")
	}()
	return work(ctx)
}

func (l *Lease) Wait(ctx context.Context, name string, ready <-chan struct{}) error {
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		// the caller gave up: note it, under no context at all
		l.db.Exec("UPDATE locks SET abandoned = 1 WHERE name = ?", name)
		return ctx.Err()
	}
}

func (l *Lease) Run(ctx context.Context, name string, work func(context.Context) error) error {
	err := work(ctx)
	if errors.Is(err, context.Canceled) {
		l.db.Exec("UPDATE locks SET canceled = 1 WHERE name = ?", name)
	}
	return err
}
