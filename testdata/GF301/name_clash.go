package p

import (
	"context"
	"time"
)

func clash(parent context.Context) error {
	base, cancel := context.WithCancel(parent)
	defer cancel()
	ctx, _ := context.WithTimeout(base, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	return ctx.Err()
}

func clash2(parent context.Context, cancel2 func()) error {
	defer cancel2()
	f := func() error {
		ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
		return ctx.Err()
	}
	cancel := f
	return cancel()
}
