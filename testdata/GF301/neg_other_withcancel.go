package p

import (
	"context"
	"errors"
)

type pool struct{}

func (pool) WithCancel() (int, func()) { return 0, func() {} }

func methods(parent context.Context, fail bool) error {
	var foo pool
	n, stop := foo.WithCancel()
	if fail {
		return errors.New("fail")
	}
	stop()
	_ = n
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	return ctx.Err()
}
