// Package shapes: reported without a fix. An exported pool; a Put of a parameter; a Get
// checked with ok; numbers and strings; a pool whose New is set apart.
package shapes

import "sync"

var BufPool = sync.Pool{New: func() any { return make([]byte, 1024) }}

func Use() {
	b := BufPool.Get().([]byte)
	BufPool.Put(b) // want "GF701: BufPool\.Put stores a slice"
}

var local = sync.Pool{New: func() any { return make([]byte, 64) }}

func give(b []byte) {
	local.Put(b) // want "GF701: local\.Put stores a slice"
}

func take() []byte {
	if b, ok := local.Get().([]byte); ok {
		return b
	}
	return nil
}

var ids sync.Pool

func init() {
	ids.New = func() any { return int64(0) }
}

func Recycle(id int64, name string) {
	ids.Put(id)   // want "GF701: ids\.Put stores a number"
	ids.Put(name) // want "GF701: ids\.Put stores a string in a sync\.Pool"
}

func Both() {
	give(take())
}
