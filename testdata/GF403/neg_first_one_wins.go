// Package session: a goroutine per incoming stream, but only the first control stream gets past
// the CompareAndSwap, stores the settings and then closes the channel readers wait on.
package session

import "sync/atomic"

type Settings struct{ MaxFrame int }

type Conn struct {
	gotControl atomic.Bool
	settings   *Settings
	ready      chan struct{}
}

func (c *Conn) handleStream(kind int, maxFrame int) {
	if kind != 0 {
		return
	}
	if !c.gotControl.CompareAndSwap(false, true) {
		return
	}
	c.handleControl(maxFrame)
}

func (c *Conn) handleControl(maxFrame int) {
	c.settings = &Settings{MaxFrame: maxFrame}
	close(c.ready)
}

// Accept handles the streams as they come.
func (c *Conn) Accept(kinds <-chan int) {
	for k := range kinds {
		go c.handleStream(k, 1<<14)
	}
}

// Settings is valid once Ready is closed.
func (c *Conn) Settings() *Settings { return c.settings }

// Ready is closed once the peer's settings arrived.
func (c *Conn) Ready() <-chan struct{} { return c.ready }
