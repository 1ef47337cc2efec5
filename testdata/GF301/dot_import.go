package p

import (
	. "context"
	"time"
)

func dotted(parent Context) error {
	ctx, _ := WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	return ctx.Err()
}

func dottedAssign(ctx Context) error {
	ctx, _ = WithCancel(ctx) // want "GF301: the cancel function returned by context\.WithCancel is never called"
	return ctx.Err()
}
