package p

import (
	"context"
	"time"
)

func wait(parent context.Context, ready <-chan struct{}) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func background() {
	ctx, _ := context.WithCancel(context.Background()) // want "GF301: the cancel function returned by context\.WithCancel is never called"
	go func() {
		<-ctx.Done()
	}()
}
