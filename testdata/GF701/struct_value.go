// Package stats: a pool of a struct value; the struct's fields are written before the Put, so
// the copy goes back through the pointer.
package stats

import "sync"

type scratch struct {
	hist  [32]int
	count int
}

var scratchPool = sync.Pool{
	New: func() any {
		return scratch{}
	},
}

func Histogram(xs []int) [32]int {
	s := scratchPool.Get().(scratch)
	s.hist = [32]int{}
	for _, x := range xs {
		s.hist[x&31]++
		s.count++
	}
	res := s.hist
	scratchPool.Put(s) // want "GF701: scratchPool\.Put stores a struct"
	return res
}
