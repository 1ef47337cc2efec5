package p

import (
	"context"
	"log"
)

type Retrier struct{ retries chan string }

// retryLoop takes a context: it presumably hands it to what it waits on.
func (r *Retrier) retryLoop(ctx context.Context) {
	for {
		id := <-r.retries
		log.Print(ctx.Err(), id)
	}
}

func poll(ctx context.Context, in <-chan int) {
	for {
		log.Print(<-in, ctx.Err())
	}
}

// Start runs both with a context.
func (r *Retrier) Start(ctx context.Context, in <-chan int) {
	go r.retryLoop(ctx)
	go poll(ctx, in)
}
