// Package handle exports its cancel function: callers in other packages call it.
package handle

import "context"

type Handle struct {
	Ctx    context.Context
	Cancel context.CancelFunc
}

func New(parent context.Context) *Handle {
	ctx, cancel := context.WithCancel(parent)
	return &Handle{Ctx: ctx, Cancel: cancel}
}

var Stop context.CancelFunc

func Init(parent context.Context) context.Context {
	var ctx context.Context
	ctx, Stop = context.WithCancel(parent)
	return ctx
}
