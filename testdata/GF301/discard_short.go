package p

import (
	"context"
	"time"
)

func wait(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301"
	<-ctx.Done()
	return ctx.Err()
}

func background() {
	ctx, _ := context.WithCancel(context.Background()) // want "GF301"
	go func() {
		<-ctx.Done()
	}()
}
