package notify

// Ready is exported: another package may close it.
type Hub struct {
	Ready chan struct{}
}

func NewHub() *Hub { return &Hub{Ready: make(chan struct{})} }

func (h *Hub) WaitReady() { <-h.Ready }

// gofixer-test: preview
