// Package poller: the writes happen inside the goroutines the method starts; locking at the
// top of the method would not cover them, so no fix is offered.
package poller

import "time"

// Poller polls.
type Poller struct {
	polls int
}

// Start runs n pollers, each every d.
func (p *Poller) Start(n int, d time.Duration, stop <-chan struct{}) {
	for i := 0; i < n; i++ {
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
}

// Polls reports how many polls ran.
func (p *Poller) Polls() int { return p.polls }
