package p

import (
	"context"
	"errors"
	"time"
)

func chooser(parent context.Context, d time.Duration, fail bool) error {
	var ctx context.Context
	var cancel context.CancelFunc
	if d > 0 {
		ctx, cancel = context.WithTimeout(parent, d) // want "GF301: the cancel function returned by context\.WithTimeout is not called on e"
	} else {
		ctx, cancel = context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
	}
	if fail {
		return errors.New("fail")
	}
	defer cancel()
	return ctx.Err()
}

func literal(parent context.Context) func(bool) error {
	return func(fail bool) error {
		ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
		if fail {
			return errors.New("fail")
		}
		cancel()
		return ctx.Err()
	}
}
