package p

import (
	"context"
	"errors"
	"time"
)

var errStop = errors.New("stop")

func withCause(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancelCause(parent) // want "GF301: the cancel function returned by context\.WithCancelCause is not called "
	if fail {
		return errStop
	}
	cancel(errStop)
	return ctx.Err()
}

func discardCause(parent context.Context) error {
	ctx, _ := context.WithCancelCause(parent) // want "GF301: the cancel function returned by context\.WithCancelCause is never calle"
	return ctx.Err()
}

func timeoutCause(parent context.Context) error {
	ctx, _ := context.WithTimeoutCause(parent, time.Second, errStop) // want "GF301: the cancel function returned by context\.WithTimeoutCause is never call"
	return ctx.Err()
}

func deadlineCause(parent context.Context, at time.Time) error {
	ctx, cancel := context.WithDeadlineCause(parent, at, errStop) // want "GF301: the cancel function returned by context\.WithDeadlineCause is not calle"
	if at.IsZero() {
		return nil
	}
	cancel()
	return ctx.Err()
}
