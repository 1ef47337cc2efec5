package p

import (
	"context"
	"errors"
)

func copied(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	c := cancel
	defer c()
	if fail {
		return errors.New("fail")
	}
	return ctx.Err()
}

func guarded(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	if cancel != nil && fail {
		return errors.New("fail")
	}
	cancel()
	return ctx.Err()
}
