// Package seed: a pool of []byte put back with defer, the buffer used in between.
package seed

import "sync"

var bufPool = sync.Pool{
	New: func() interface{} {
		return make([]byte, 4096)
	},
}

func handler(fill func([]byte) int) int {
	buf := bufPool.Get().([]byte)
	defer bufPool.Put(buf) // want "GF701: bufPool\.Put stores a slice"
	return fill(buf)
}
