// Package dial silences the compiler about a cancel function and never calls it.
package dial

import (
	"context"
	"net"
	"time"
)

func Check(parent context.Context, addr string) error {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	_ = cancel // want "GF307 (preview): the cancel function cancel of context.WithTimeout is only assigned to _: nothing calls it, so the derived context lives until its parent is done$"
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return err
	}
	return c.Close()
}

func Spawn(parent context.Context, work func(context.Context)) {
	ctx, stop := context.WithCancel(parent)
	go work(ctx)
	_ = stop // want "GF307 (preview): the cancel function stop of context.WithCancel is only assigned to _"
}

func Each(parent context.Context, addrs []string) {
	for _, a := range addrs {
		ctx, cancel := context.WithTimeout(parent, time.Second)
		_ = cancel // want "GF307 (preview): the cancel function cancel of context.WithTimeout is only assigned to _.*no fix: inside a loop"
		var d net.Dialer
		if c, err := d.DialContext(ctx, "tcp", a); err == nil {
			c.Close()
		}
	}
}

func Derive(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	_ = cancel // want "GF307 (preview): the cancel function cancel of context.WithCancel is only assigned to _.*no fix: the derived context is returned"
	return ctx
}
