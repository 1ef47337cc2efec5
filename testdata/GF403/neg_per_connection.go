// Package srv: an accept loop that makes a fresh connection value per iteration and hands it to
// its own goroutine: each conn is used by one goroutine only.
package srv

import (
	"bufio"
	"net"
)

type conn struct {
	rwc   net.Conn
	lines int
	last  string
}

func newConn(c net.Conn) *conn { return &conn{rwc: c} }

func (c *conn) serve() {
	defer c.rwc.Close()
	s := bufio.NewScanner(c.rwc)
	for s.Scan() {
		c.lines++
		c.last = s.Text()
	}
}

// Serve accepts connections until the listener fails.
func Serve(l net.Listener) error {
	for {
		rw, err := l.Accept()
		if err != nil {
			return err
		}
		c := newConn(rw)
		go c.serve()
	}
}
