// Package poll polls a source until stopped; the stop never comes.
package poll

import (
	"context"
	"time"
)

type Poller struct {
	cancel context.CancelFunc
	every  time.Duration
	hits   chan int
}

func (p *Poller) Start(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	p.cancel = cancel // want "GF307 (preview): the cancel function stored in Poller.cancel is never called: nothing in the package reads cancel, so the context it cancels \(and whatever waits on its Done\) lives until its parent is done"
	go p.loop(ctx)
}

func (p *Poller) loop(ctx context.Context) {
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			p.hits <- 1
		}
	}
}

type watcher struct {
	ctx  context.Context
	stop context.CancelCauseFunc
}

func newWatcher(parent context.Context) *watcher {
	w := &watcher{}
	w.ctx, w.stop = context.WithCancelCause(parent) // want "GF307 (preview): the cancel function stored in watcher.stop is never called"
	return w
}

func literal(parent context.Context) *Poller {
	_, cancel := context.WithTimeout(parent, time.Minute)
	return &Poller{cancel: cancel, every: time.Second} // want "GF307 (preview): the cancel function stored in Poller.cancel is never called"
}
