// Package batch: goroutines that end on their own, so nothing has to stop them.
package batch

type Batch struct {
	items []int
	out   chan int
	done  chan struct{}
}

// Emit's goroutine ends when the items run out.
func (b *Batch) Emit() {
	go func() {
		for _, it := range b.items {
			select {
			case b.out <- it:
			case <-b.done:
				return
			}
		}
	}()
}

func (b *Batch) Cancel() { close(b.done) }

func Use(items []int) int {
	b := &Batch{items: items, out: make(chan int, len(items)), done: make(chan struct{})}
	b.Emit()
	return len(b.items)
}
