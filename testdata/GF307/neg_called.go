// Package worker stores cancel functions and calls them when it stops.
package worker

import "context"

type Worker struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func Start(parent context.Context) *Worker {
	ctx, cancel := context.WithCancel(parent)
	w := &Worker{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(w.done)
		<-ctx.Done()
	}()
	return w
}

func (w *Worker) Stop() {
	w.cancel()
	<-w.done
}

type job struct {
	abort context.CancelFunc
}

// the function is handed on: whoever gets it answers for it
func (j *job) hooks() []func() { return []func(){j.abort} }

var stopAll context.CancelFunc

func Run(parent context.Context) context.Context {
	var ctx context.Context
	ctx, stopAll = context.WithCancel(parent)
	return ctx
}

func Shutdown() {
	if stopAll != nil {
		stopAll()
	}
}
