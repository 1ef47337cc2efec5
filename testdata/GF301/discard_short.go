package p

import (
	"context"
	"time"
)

func wait(parent context.Context, ready <-chan struct{}) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301"
	select {
	case <-ready:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func background() {
	ctx, _ := context.WithCancel(context.Background()) // want "GF301"
	go func() {
		<-ctx.Done()
	}()
}
