// Package transport: each connection's writer goroutine makes its own frame writer and is the
// only code that uses it; a client and a server connection each have one.
package transport

import "io"

type frameWriter struct {
	w       io.Writer
	pending [][]byte
	written int
}

func newFrameWriter(w io.Writer) *frameWriter { return &frameWriter{w: w} }

func (fw *frameWriter) queue(b []byte) { fw.pending = append(fw.pending, b) }

func (fw *frameWriter) run(in <-chan []byte) error {
	for b := range in {
		fw.queue(b)
		for _, p := range fw.pending {
			n, err := fw.w.Write(p)
			fw.written += n
			if err != nil {
				return err
			}
		}
		fw.pending = fw.pending[:0]
	}
	return nil
}

type ClientConn struct {
	conn   io.Writer
	out    chan []byte
	writer *frameWriter
	done   chan struct{}
}

func (c *ClientConn) Start() {
	go func() {
		c.writer = newFrameWriter(c.conn)
		_ = c.writer.run(c.out)
		close(c.done)
	}()
}

type ServerConn struct {
	conn   io.Writer
	out    chan []byte
	writer *frameWriter
	done   chan struct{}
}

func (s *ServerConn) Serve() {
	go func() {
		s.writer = newFrameWriter(s.conn)
		_ = s.writer.run(s.out)
		close(s.done)
	}()
}
