package p

import (
	"context"
	"time"
)

func deadline(parent context.Context, at time.Time) error {
	var ctx, _ = context.WithDeadline(parent, at) // want "GF301: the cancel function returned by context\.WithDeadline is never called"
	return work(ctx)
}

func grouped(parent context.Context) error {
	var (
		n      = 3
		ctx, _ = context.WithTimeout(parent, time.Duration(n)*time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	)
	return work(ctx)
}

func work(ctx context.Context) error { return ctx.Err() }
