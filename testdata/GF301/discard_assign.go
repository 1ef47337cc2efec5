package p

import (
	"context"
	"time"
)

func reuse(ctx context.Context) error {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, _ = context.WithTimeout(ctx, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	return ctx.Err()
}

func cause(ctx context.Context) error {
	ctx, _ = context.WithCancelCause(ctx) // want "GF301: the cancel function returned by context\.WithCancelCause is never calle"
	return ctx.Err()
}
