package neg_not_alone

import (
	"sync"
	"time"
)

type Hub struct {
	mu   sync.Mutex
	subs map[int]bool
	msgs chan int
}

func NewHub() *Hub {
	h := &Hub{subs: map[int]bool{}, msgs: make(chan int)}
	go h.loop()
	return h
}

func (h *Hub) loop() {
	for m := range h.msgs {
		h.mu.Lock()
		h.subs[m] = true
		h.mu.Unlock()
	}
}

// A select with a way out does not wait alone.
func (h *Hub) Publish(m int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case h.msgs <- m:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// The send happens after the unlock.
func (h *Hub) Publish2(m int) {
	h.mu.Lock()
	h.subs[m] = false
	h.mu.Unlock()
	h.msgs <- m
}
