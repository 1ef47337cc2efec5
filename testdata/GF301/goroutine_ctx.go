package p

import (
	"context"
	"time"
)

func spawn(parent context.Context, out chan<- error) {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
	go watch(ctx, out)
}

func spawnLiteral(parent context.Context, out chan<- error) {
	ctx, _ := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is never called"
	go func() {
		<-ctx.Done()
		out <- ctx.Err()
	}()
}

func watch(ctx context.Context, out chan<- error) {
	<-ctx.Done()
	out <- ctx.Err()
}
