package p

import (
	"context"
	"log"
	"os"
	"testing"
)

func panics(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	if fail {
		panic("fail")
	}
	cancel()
	return ctx.Err()
}

func exits(parent context.Context, fail bool) error {
	ctx, cancel := context.WithCancel(parent)
	if fail {
		os.Exit(1)
	}
	if ctx == nil {
		log.Fatalf("nil context")
	}
	cancel()
	return ctx.Err()
}

func fatal(t *testing.T, parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	if ctx.Err() != nil {
		t.Fatal("cancelled")
	}
	cancel()
}

type checker struct{ failed bool }

func (c *checker) abort(msg string) {
	c.failed = true
	panic(msg)
}

func stop(code int) {
	os.Exit(code)
}

func helpers(c *checker, parent context.Context, mode int) {
	ctx, cancel := context.WithCancel(parent)
	switch mode {
	case 0:
		c.abort("mode 0")
	case 1:
		stop(1)
	default:
		cancel()
	}
	_ = ctx
}
