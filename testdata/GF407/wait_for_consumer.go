package wait_for_consumer

import "sync"

type Broadcaster struct {
	mu    sync.Mutex
	seen  int
	in    chan int
	done  chan struct{}
	peers []chan int
}

func NewBroadcaster() *Broadcaster {
	b := &Broadcaster{in: make(chan int, 16), done: make(chan struct{})}
	go func() {
		defer close(b.done)
		for v := range b.in {
			b.mu.Lock()
			b.seen++
			for _, p := range b.peers {
				p <- v
			}
			b.mu.Unlock()
		}
	}()
	return b
}

// Stop waits for the consumer to finish while holding the mutex the consumer takes per item.
func (b *Broadcaster) Stop() {
	b.mu.Lock()
	close(b.in)
	<-b.done // want "GF407 (preview): `<-b.done` waits while holding `b.mu` \(locked at line 31\), and the goroutine that would send to it or close it \(a function literal, line 16\) locks the same mutex first"
	b.mu.Unlock()
}
