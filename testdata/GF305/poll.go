// Package feed pushes events to a consumer until it is told to quit, checking first, then
// waiting without looking.
package feed

type Event struct{ ID int }

type Feed struct {
	events chan Event
	quit   chan struct{}
}

func (f *Feed) pump(next func() Event) {
	for {
		select {
		case <-f.quit:
			return
		default:
			f.events <- next() // want "GF305 (preview): the send on f.events waits without f.quit: the select at line 14 checks f.quit, then this send blocks whatever f.quit does; make it a case of that select"
		}
	}
}

func (f *Feed) drain(handle func(Event)) {
	for {
		select {
		case <-f.quit:
			return
		default:
		}
		e := <-f.events // want "GF305 (preview): the receive from f.events waits without f.quit.*no fix: the received value is declared here"
		handle(e)
	}
}

func (f *Feed) forward(out chan<- Event) {
	for {
		select {
		case <-f.quit:
			return
		default:
		}
		out <- <-f.events // want "GF305 (preview): the send on out waits without f.quit.*no fix: the value sent is itself received"
	}
}
