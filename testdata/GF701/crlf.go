// Package crlf: a file with CRLF line endings keeps them.
package crlf

import "sync"

var pool = sync.Pool{
	New: func() any {
		return make([]float64, 0, 16)
	},
}

func Sum(xs []float64) float64 {
	tmp := pool.Get().([]float64)
	tmp = append(tmp[:0], xs...)
	var s float64
	for _, x := range tmp {
		s += x
	}
	pool.Put(tmp) // want "GF701: pool\.Put stores a slice"
	return s
}
