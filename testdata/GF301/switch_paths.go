package p

import (
	"context"
	"errors"
)

func sw(parent context.Context, mode int) error {
	ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
	switch mode {
	case 0:
		cancel()
		return nil
	case 1:
		return errors.New("mode 1")
	default:
		cancel()
	}
	return ctx.Err()
}

func noDefault(parent context.Context, mode int) {
	ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
	_ = ctx
	switch mode {
	case 0:
		cancel()
	case 1:
		cancel()
	}
}

func typeSwitch(parent context.Context, v any) error {
	ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
	switch v.(type) {
	case int:
		cancel()
	case string:
		return errors.New("string")
	default:
		cancel()
	}
	return ctx.Err()
}

func sel(parent context.Context, ch chan int) error {
	ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
	select {
	case v := <-ch:
		if v < 0 {
			return errors.New("negative")
		}
		cancel()
	case <-ctx.Done():
		// done: the parent was cancelled, which released this context too
		return ctx.Err()
	}
	return nil
}
