// Package shadow: a local variable named like the package's pool shadows it, and is a map; a
// type named Pool of this package.
package shadow

import "sync"

var bufPool = sync.Pool{New: func() any { return new([]byte) }}

type Pool struct{ items [][]byte }

func (p *Pool) Put(b []byte) { p.items = append(p.items, b) }

func Stash(b []byte) {
	bufPool := &Pool{}
	bufPool.Put(b)

	p := Pool{}
	p.Put(b)
}

func Real() {
	bp := bufPool.Get().(*[]byte)
	bufPool.Put(bp)
}
