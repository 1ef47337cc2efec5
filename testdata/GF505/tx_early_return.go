package ledger

import (
	"context"
	"database/sql"
)

// Transfer moves an amount between two accounts; the first failed update returns with the
// transaction still open, holding its connection and its row locks.
func Transfer(ctx context.Context, db *sql.DB, from, to, amount int64) error {
	tx, err := db.BeginTx(ctx, nil) // want "GF505 (preview): the \*sql\.Tx of db\.BeginTx is not committed or rolled back on every path: the return at line 16 leaves it open: its connection \(and the database's locks\) stay held"
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance - $1 WHERE id = $2", amount, from); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE accounts SET balance = balance + $1 WHERE id = $2", amount, to); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Stmt prepares once and forgets the statement: it stays prepared on the server.
func Count(db *sql.DB, table string) (n int, err error) {
	stmt, err := db.Prepare("SELECT count(*) FROM " + table) // want "GF505 (preview): the \*sql\.Stmt of db\.Prepare is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	err = stmt.QueryRow().Scan(&n)
	return n, err
}
