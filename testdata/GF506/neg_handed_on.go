package session

import (
	"net"
	"time"
)

type Session struct {
	conn net.Conn
}

// The connection is handed to code that sets its deadlines before the loop reads.
func Open(ln net.Listener) (*Session, error) {
	c, err := ln.Accept()
	if err != nil {
		return nil, err
	}
	s := &Session{conn: c}
	s.arm()
	buf := make([]byte, 64)
	for i := 0; i < 3; i++ {
		if _, err := c.Read(buf); err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (s *Session) arm() { s.conn.SetDeadline(time.Now().Add(time.Minute)) }

// A field is read: whoever owns it (often another package) owns its deadlines.
func (s *Session) Pump(out chan<- []byte) {
	for {
		buf := make([]byte, 1024)
		n, err := s.conn.Read(buf)
		if err != nil {
			return
		}
		out <- buf[:n]
	}
}
