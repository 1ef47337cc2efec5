// Package seed: the seed article's snippet as it is.
package seed

import "sync"

var bufPool = sync.Pool{
	New: func() interface{} {
		return make([]byte, 4096)
	},
}

func handler() {
	buf := bufPool.Get().([]byte)
	defer bufPool.Put(buf) // want "GF701: bufPool\.Put stores a slice"
}
