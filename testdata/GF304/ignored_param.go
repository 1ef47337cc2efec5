// Package worker runs jobs under the context the worker was built with, not the caller's.
package worker

import (
	"context"
	"time"
)

type Queue interface {
	Push(ctx context.Context, job string) error
	Ack(ctx context.Context, job string) error
}

type Worker struct {
	ctx context.Context
	q   Queue
}

func (w *Worker) Submit(ctx context.Context, job string) error {
	if err := w.q.Push(w.ctx, job); err != nil { // want "GF304 (preview): the function never uses its parameter ctx and passes w.ctx instead \(and 1 more\): its caller cannot cancel the work; pass ctx"
		return err
	}
	tctx, cancel := context.WithTimeout(w.ctx, time.Second)
	defer cancel()
	return w.q.Ack(tctx, job)
}

// Run uses its own parameter: nothing to say.
func (w *Worker) Run(ctx context.Context, job string) error {
	return w.q.Push(ctx, job)
}

// Loop hands the worker's context to a goroutine that outlives the call.
func (w *Worker) Loop(ctx context.Context) {
	go func() {
		w.q.Push(w.ctx, "tick")
	}()
}
