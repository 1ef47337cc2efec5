package report

import (
	"context"
	"database/sql"
)

type Line struct {
	Name  string
	Total int64
}

// Totals reads every row: the rows close themselves at the end, but an error that ends the
// iteration early (a dropped connection) passes for a short report.
func Totals(ctx context.Context, db *sql.DB) ([]Line, error) {
	rows, err := db.QueryContext(ctx, "SELECT name, total FROM totals")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Line
	for rows.Next() { // want "GF505 (preview): rows\.Err\(\) is never checked after the rows\.Next\(\) loop"
		var l Line
		if err := rows.Scan(&l.Name, &l.Total); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}
