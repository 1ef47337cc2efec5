package p

import (
	"context"
	"errors"
)

type worker struct {
	ctx    context.Context
	cancel context.CancelFunc
	stops  []func()
}

func (w *worker) start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	w.ctx = ctx
	w.cancel = cancel
}

func (w *worker) startDirect(parent context.Context) {
	w.ctx, w.cancel = context.WithCancel(parent)
}

func (w *worker) startAppend(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	w.stops = append(w.stops, cancel)
	if fail {
		return errors.New("fail")
	}
	w.ctx = ctx
	return nil
}

func (w *worker) startLiteral(parent context.Context) *worker {
	ctx, cancel := context.WithCancel(parent)
	return &worker{ctx: ctx, cancel: cancel}
}

var pkgCancel context.CancelFunc

func startGlobal(parent context.Context) context.Context {
	var ctx context.Context
	ctx, pkgCancel = context.WithCancel(parent)
	return ctx
}
