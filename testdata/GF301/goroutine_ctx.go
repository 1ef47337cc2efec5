package p

import (
	"context"
	"time"
)

func spawn(parent context.Context, out chan<- error) {
	ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301"
	go watch(ctx, out)
}

func spawnLiteral(parent context.Context, out chan<- error) {
	ctx, _ := context.WithCancel(parent) // want "GF301"
	go func() {
		<-ctx.Done()
		out <- ctx.Err()
	}()
}

func watch(ctx context.Context, out chan<- error) {
	<-ctx.Done()
	out <- ctx.Err()
}
