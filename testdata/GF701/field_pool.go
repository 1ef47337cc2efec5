// Package conn: pools kept in struct fields (a value and a pointer), and a pool passed as a
// parameter: reported, not fixed (code elsewhere may Get from them).
package conn

import (
	"io"
	"sync"
)

type Reader struct {
	bufs sync.Pool
	hdrs *sync.Pool
	r    io.Reader
}

func NewReader(r io.Reader) *Reader {
	return &Reader{
		bufs: sync.Pool{New: func() any { return make([]byte, 512) }},
		hdrs: &sync.Pool{New: func() any { return header{} }},
		r:    r,
	}
}

type header struct {
	kind, length int
}

func (c *Reader) Next() (header, error) {
	b := c.bufs.Get().([]byte)
	defer c.bufs.Put(b) // want "GF701: c\.bufs\.Put stores a slice"
	if _, err := io.ReadFull(c.r, b[:2]); err != nil {
		return header{}, err
	}
	h := c.hdrs.Get().(header)
	h.kind, h.length = int(b[0]), int(b[1])
	out := h
	c.hdrs.Put(h) // want "GF701: c\.hdrs\.Put stores a struct"
	return out, nil
}

func release(p *sync.Pool, b []byte) {
	p.Put(b[:0]) // want "GF701: p\.Put stores a slice"
}

func Use(c *Reader) {
	release(c.hdrs, make([]byte, 8))
}

type frame struct {
	payload []byte
	Data    []byte
}

var frames = sync.Pool{New: func() any { return make([]byte, 0, 64) }}

// an unexported field's type is known; an exported one's may be another package's
func (f *frame) Release() {
	frames.Put(f.payload) // want "GF701: frames\.Put stores a slice"
	frames.Put(f.Data)
}
