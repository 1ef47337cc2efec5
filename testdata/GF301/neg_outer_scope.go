package p

import (
	"context"
	"errors"
)

func outer(parent context.Context) func(bool) error {
	var cancel context.CancelFunc
	_ = cancel
	return func(fail bool) error {
		var ctx context.Context
		ctx, cancel = context.WithCancel(parent)
		if fail {
			return errors.New("fail")
		}
		return ctx.Err()
	}
}

var globalCancel context.CancelFunc

func global(parent context.Context, fail bool) error {
	var ctx context.Context
	ctx, globalCancel = context.WithCancel(parent)
	if fail {
		return errors.New("fail")
	}
	return ctx.Err()
}

var background, stopBackground = context.WithCancel(context.Background())
