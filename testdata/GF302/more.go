package main

import (
	"context"
	"database/sql"
	"net/http"
	"time"
)

type options struct {
	Ctx   context.Context
	Retry int
}

func call(o options) error { return o.Ctx.Err() }

type api struct{ db *sql.DB }

func (a *api) update(w http.ResponseWriter, r *http.Request) {
	var ctx = context.Background() // want "GF302: context\.Background"
	tx, err := a.db.BeginTx(ctx, nil)
	if err != nil {
		return
	}
	defer tx.Rollback()
	if err := call(options{Ctx: context.TODO(), Retry: 3}); err != nil { // want "GF302: context\.TODO"
		return
	}
	wait := func() {
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
	wait()
	_ = tx.Commit()
}

func main() {
	a := &api{}
	http.HandleFunc("/update", a.update)
}
