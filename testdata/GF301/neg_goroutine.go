package p

import (
	"context"
	"errors"
)

func inGoroutine(parent context.Context, done chan struct{}, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-done
		cancel()
	}()
	if fail {
		return errors.New("fail")
	}
	return ctx.Err()
}

func inDeferredClosure(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	defer func() { cancel() }()
	if fail {
		return errors.New("fail")
	}
	return ctx.Err()
}

func goCancel(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	if fail {
		go cancel()
		return errors.New("fail")
	}
	cancel()
	return ctx.Err()
}
