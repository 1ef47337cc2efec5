package p

import (
	"context"
	"time"
)

func crlf(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	return ctx.Err()
}

func crlfEarly(parent context.Context, skip bool) error {
	ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
	if skip {
		return nil
	}
	cancel()
	return ctx.Err()
}
