package p

import (
	. "context"
	"time"
)

func dotted(parent Context) error {
	ctx, _ := WithTimeout(parent, time.Second) // want "GF301"
	return ctx.Err()
}

func dottedAssign(ctx Context) error {
	ctx, _ = WithCancel(ctx) // want "GF301"
	return ctx.Err()
}
