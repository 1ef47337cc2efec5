package p

import (
	"context"
	"testing"
	"time"
)

var registry []context.CancelFunc

func register(c context.CancelFunc) { registry = append(registry, c) }

func withCleanup(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func registered(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	register(cancel)
	if fail {
		return ctx.Err()
	}
	return nil
}
