// Package ptrs: pools of pointers, maps, channels and pointer-shaped structs: nothing to report.
package ptrs

import (
	"bytes"
	"sync"
	"unsafe"
)

var bufPool = sync.Pool{
	New: func() any {
		b := make([]byte, 0, 4096)
		return &b
	},
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

func Render(s string) string {
	bp := bufPool.Get().(*[]byte)
	buf := append((*bp)[:0], s...)
	*bp = buf
	defer bufPool.Put(bp)

	w := buffers.Get().(*bytes.Buffer)
	w.Reset()
	w.Write(buf)
	out := w.String()
	buffers.Put(w)
	return out
}

type ref struct{ p *int }

var (
	maps  = sync.Pool{New: func() any { return make(map[string]int) }}
	chans = sync.Pool{New: func() any { return make(chan int, 1) }}
	refs  sync.Pool
	raw   sync.Pool
	empty sync.Pool
)

func Others(x *int) {
	m := maps.Get().(map[string]int)
	clear(m)
	maps.Put(m)

	ch := chans.Get().(chan int)
	chans.Put(ch)

	refs.Put(ref{p: x})
	raw.Put(unsafe.Pointer(x))
	empty.Put(struct{}{})

	var b []byte
	bufPool.Put(&b)
}
