// Package poller: the write happens inside a goroutine the method starts; locking at the top of
// the method would not cover it, so no fix is offered.
package poller

import "time"

// Poller polls.
type Poller struct {
	polls int
}

// Start polls every d.
func (p *Poller) Start(d time.Duration, stop <-chan struct{}) {
	go func() {
		t := time.NewTicker(d)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.polls++ // want "GF403: `Poller\.polls` is written without a lock while Poller is shared betwee"
			case <-stop:
				return
			}
		}
	}()
}

// Polls reports how many polls ran.
func (p *Poller) Polls() int { return p.polls }
