package poller

// Nothing in the package ever closes quit or sends on it: whoever waits for the poller to
// stop waits for ever.
type poller struct {
	quit  chan struct{}
	items chan int
}

func newPoller() *poller {
	return &poller{quit: make(chan struct{}), items: make(chan int, 8)}
}

func (p *poller) stopped() <-chan struct{} { return p.quit }

func (p *poller) push(v int) { p.items <- v }

func (p *poller) drain() int {
	n := 0
	for {
		select {
		case v := <-p.items:
			n += v
		case <-p.stopped(): // want "GF204 (preview): receive from p.stopped\(\) never proceeds: nothing in the package sends on quit or closes it; its case is this loop.s only way out"
			return n
		}
	}
}

func (p *poller) waitStopped() {
	<-p.stopped() // want "GF204 (preview): receive from p.stopped\(\) blocks forever: nothing in the package sends on quit or closes it"
}

// gofixer-test: preview
