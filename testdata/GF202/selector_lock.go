package main

import "sync"

type hub struct {
	mu     sync.Mutex
	events chan int
	closed bool
}

func (h *hub) shutdown(last int) {
	h.mu.Lock()
	close(h.events)
	h.closed = true
	h.mu.Unlock()
	h.events <- last // want "GF202: send on h\.events after close"
}

func main() {
	h := &hub{events: make(chan int, 1)}
	h.shutdown(1)
}
