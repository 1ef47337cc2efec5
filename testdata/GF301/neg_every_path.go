package p

import (
	"context"
	"errors"
	"time"
)

func deferred(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer cancel()
	return ctx.Err()
}

func ifElse(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	if fail {
		cancel()
		return errors.New("fail")
	} else {
		cancel()
	}
	return ctx.Err()
}

func switchDefault(parent context.Context, mode int) error {
	ctx, cancel := context.WithCancelCause(parent)
	switch mode {
	case 0:
		cancel(nil)
		return nil
	case 1:
		cancel(errors.New("one"))
	default:
		cancel(nil)
	}
	return ctx.Err()
}

func forever(parent context.Context, ch chan int) error {
	ctx, cancel := context.WithCancel(parent)
	for {
		select {
		case v := <-ch:
			if v < 0 {
				cancel()
				return errors.New("negative")
			}
		case <-ctx.Done():
			cancel()
			return ctx.Err()
		}
	}
}

func breakThenCancel(parent context.Context, xs []int) error {
	ctx, cancel := context.WithCancel(parent)
	for _, x := range xs {
		if x < 0 {
			break
		}
	}
	cancel()
	return ctx.Err()
}

func reassigned(parent context.Context, d time.Duration) error {
	var cancel context.CancelFunc
	ctx := parent
	if d > 0 {
		ctx, cancel = context.WithTimeout(parent, d)
	} else {
		ctx, cancel = context.WithCancel(parent)
	}
	defer cancel()
	return ctx.Err()
}

func perIteration(parent context.Context, xs []int) error {
	for _, x := range xs {
		ctx, cancel := context.WithCancel(parent)
		if x < 0 {
			cancel()
			continue
		}
		err := ctx.Err()
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

func fallsThrough(parent context.Context, mode int) error {
	ctx, cancel := context.WithCancel(parent)
	switch mode {
	case 0:
		fallthrough
	case 1:
		cancel()
	default:
		cancel()
		return nil
	}
	return ctx.Err()
}

func headerInit(parent context.Context, fail bool) error {
	if ctx, cancel := context.WithCancel(parent); fail {
		cancel()
		return ctx.Err()
	} else {
		cancel()
	}
	return nil
}
