package p

import (
	stdctx "context"
	"time"
)

func aliased(parent stdctx.Context) error {
	ctx, _ := stdctx.WithTimeout(parent, time.Second) // want "GF301"
	return ctx.Err()
}

func aliasedAssign(ctx stdctx.Context) error {
	ctx, _ = stdctx.WithCancel(ctx) // want "GF301"
	return ctx.Err()
}
