package report_only

import "sync"

type Client struct {
	mu      sync.Mutex
	streams int
	wake    chan struct{}
}

// The waker sends without blocking: released first, the only wake-up could be missed.
func (c *Client) keepalive() {
	c.mu.Lock()
	if c.streams == 0 {
		<-c.wake // want "GF407 (preview): `<-c.wake` waits while holding `c.mu` .*\(no fix: a completing send is non-blocking"
	}
	c.mu.Unlock()
}

func (c *Client) open() {
	c.mu.Lock()
	c.streams++
	if c.streams == 1 {
		select {
		case c.wake <- struct{}{}:
		default:
		}
	}
	c.mu.Unlock()
}

type Framer struct {
	writeMu sync.Mutex
	reset   chan bool
	quit    chan bool
}

func NewFramer() *Framer {
	return &Framer{reset: make(chan bool), quit: make(chan bool)}
}

// The monitor closes the channel under the same mutex: unlocking before the send would let it
// close the channel under the waiting send.
func (f *Framer) monitor() {
	for {
		select {
		case <-f.reset:
		case <-f.quit:
			f.writeMu.Lock()
			close(f.reset)
			f.writeMu.Unlock()
			return
		}
		f.writeMu.Lock()
		f.writeMu.Unlock()
	}
}

func (f *Framer) Write() {
	f.writeMu.Lock()
	defer f.writeMu.Unlock()
	f.reset <- true // want "GF407 (preview): `f.reset <- true` waits while holding `f.writeMu` .*\(no fix: the channel is closed or reassigned elsewhere under the same mutex\)"
}
