// Package gen: pools of interface values and of type parameters (their boxing is not visible
// here), and a typed wrapper around a pool of pointers: silent.
package gen

import (
	"bytes"
	"io"
	"sync"
)

var writers = sync.Pool{New: func() any { return io.Discard }}

func Write(p []byte) {
	w := writers.Get().(io.Writer)
	w.Write(p)
	writers.Put(w)
}

type Pool[T any] struct {
	p sync.Pool
}

func (tp *Pool[T]) Get() T {
	v, _ := tp.p.Get().(T)
	return v
}

func (tp *Pool[T]) Put(v T) {
	tp.p.Put(v)
}

var buffers = Pool[*bytes.Buffer]{}

func Use() {
	b := buffers.Get()
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Reset()
	buffers.Put(b)
}

var errs sync.Pool

func Fail(err error) {
	errs.Put(err)
}
