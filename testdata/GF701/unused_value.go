// Package bench: a benchmark-style Get and Put with nothing in between (the value is not
// declared again after the fix: it would be unused), and a pool of arrays.
package bench

import "sync"

var pool = sync.Pool{New: func() any { return make([]int, 0, 8) }}

func Churn(n int) {
	for i := 0; i < n; i++ {
		b := pool.Get().([]int)
		pool.Put(b) // want "GF701: pool\.Put stores a slice"
	}
}

var blocks = sync.Pool{
	New: func() any { return [64]byte{} },
}

func Sum(data []byte) (s int) {
	blk := blocks.Get().([64]byte)
	copy(blk[:], data)
	for _, c := range blk {
		s += int(c)
	}
	blocks.Put(blk) // want "GF701: blocks\.Put stores an array"
	return s
}
