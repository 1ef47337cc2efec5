package neg_locked_before_start

import "sync"

// The parent takes the lock only before it starts the goroutine: that happened before the
// goroutine ran, so it cannot wait for it.
func handshake(work func()) {
	var mu sync.Mutex
	done := make(chan bool)
	mu.Lock()
	work()
	mu.Unlock()
	go func() {
		mu.Lock()
		defer mu.Unlock()
		done <- true
	}()
	<-done
}

type Once struct {
	mu  sync.Mutex
	val int
	ch  chan int
}

// Nothing that completes the receive takes o.mu.
func (o *Once) Get() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.val == 0 {
		o.val = <-o.ch
	}
	return o.val
}

func (o *Once) Fill(v int) {
	o.ch <- v
}
