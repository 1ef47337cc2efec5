// Package notpool: Put methods of things that are not a sync.Pool: a custom pool type, an
// interface of another package (httputil.BufferPool), a struct embedding a sync.Pool's work,
// and a parameter called sync that shadows the import.
package notpool

import (
	"net/http/httputil"
	"sync"
)

type BytePool struct {
	mu   sync.Mutex
	free [][]byte
}

func (p *BytePool) Get() []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		b := p.free[n-1]
		p.free = p.free[:n-1]
		return b
	}
	return make([]byte, 1024)
}

func (p *BytePool) Put(b []byte) {
	p.mu.Lock()
	p.free = append(p.free, b[:0])
	p.mu.Unlock()
}

var pool BytePool

type registry struct {
	Pool *BytePool
}

func Work(bp httputil.BufferPool) {
	b := pool.Get()
	pool.Put(b)

	c := bp.Get()
	bp.Put(c)
}

func Shadowed(sync *registry, b []byte) {
	sync.Pool.Put(b)
}

type wrapper struct {
	pool *BytePool
}

func (w *wrapper) release(b []byte) {
	w.pool.Put(b)
}
