package sched

// Nothing closes stop or sends on it, and its case is the loop's only way out: the goroutine
// that runs loop can never end.
type sched struct {
	stop chan struct{}
	work chan func()
}

func newSched() *sched {
	s := &sched{stop: make(chan struct{}), work: make(chan func())}
	go s.loop()
	return s
}

func (s *sched) submit(f func()) { s.work <- f }

func (s *sched) loop() {
	for {
		select {
		case f := <-s.work:
			f()
		case <-s.stop: // want "GF204 (preview): receive from s.stop never proceeds: nothing in the package sends on stop or closes it; its case is this loop's only way out"
			return
		}
	}
}

// The loop also ends when work is closed: the dead stop case is not its only way out.
type pool struct {
	stop chan bool
	jobs chan func()
}

func newPool() *pool { return &pool{stop: make(chan bool), jobs: make(chan func())} }

func (p *pool) run() {
	for {
		select {
		case f, ok := <-p.jobs:
			if !ok {
				return
			}
			f()
		case <-p.stop:
			return
		}
	}
}

func (p *pool) shutdown() { close(p.jobs) }

func (p *pool) add(f func()) { p.jobs <- f }

// gofixer-test: preview
