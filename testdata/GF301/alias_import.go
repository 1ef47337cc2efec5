package p

import (
	stdctx "context"
	"time"
)

func aliased(parent stdctx.Context) error {
	ctx, _ := stdctx.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	return ctx.Err()
}

func aliasedAssign(ctx stdctx.Context) error {
	ctx, _ = stdctx.WithCancel(ctx) // want "GF301: the cancel function returned by context\.WithCancel is never called"
	return ctx.Err()
}
