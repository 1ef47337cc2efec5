package main

import "sync"

// the sender and the closer are different goroutines, synchronized by done
func handoff() {
	ch := make(chan int, 1)
	done := make(chan struct{})
	go func() {
		ch <- 1
		close(done)
	}()
	<-done
	println(<-ch)
	close(ch)
}

type broker struct {
	mu     sync.Mutex
	closed bool
	ch     chan int
}

func (b *broker) publish(v int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.closed {
		b.ch <- v
	}
}

// senders check closed under the same lock, so the close never races a send
func (b *broker) run() int {
	go func() {
		for i := 0; ; i++ {
			b.mu.Lock()
			if !b.closed {
				b.ch <- i
			}
			b.mu.Unlock()
		}
	}()
	v := <-b.ch
	b.mu.Lock()
	b.closed = true
	close(b.ch)
	b.mu.Unlock()
	return v
}

// once guards the close
func stopOnce(once *sync.Once, quit chan struct{}) {
	once.Do(func() { close(quit) })
}

func main() {
	handoff()
	b := &broker{ch: make(chan int, 1)}
	b.publish(1)
	println(b.run())
	var once sync.Once
	stopOnce(&once, make(chan struct{}))
}
