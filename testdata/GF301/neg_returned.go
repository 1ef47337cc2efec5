package p

import (
	"context"
	"time"
)

func derive(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	return ctx, cancel
}

func deriveDirect(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(parent)
}

func named(parent context.Context) (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithCancel(parent)
	return
}
