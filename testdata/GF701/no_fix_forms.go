// Package forms: reported, but each pool is used in a way the fix does not rewrite.
package forms

import (
	"io"
	"sync"
)

// the same name declared by two Gets in one function
var twice = sync.Pool{New: func() any { return make([]byte, 32) }}

func Twice(w io.Writer, big bool) {
	if big {
		b := twice.Get().([]byte)
		w.Write(b)
		twice.Put(b) // want "GF701: twice\.Put stores a slice"
	} else {
		b := twice.Get().([]byte)
		w.Write(b[:8])
		twice.Put(b) // want "GF701: twice\.Put stores a slice"
	}
}

// the value's address is taken
var addr = sync.Pool{New: func() any { return make([]byte, 32) }}

func Addr(fill func(*[]byte)) {
	b := addr.Get().([]byte)
	fill(&b)
	addr.Put(b) // want "GF701: addr\.Put stores a slice"
}

// the pool itself is passed on
var passed = sync.Pool{New: func() any { return make([]byte, 32) }}

func drain(p *sync.Pool) { p.Get() }

func Passed() {
	b := passed.Get().([]byte)
	passed.Put(b) // want "GF701: passed\.Put stores a slice"
	drain(&passed)
}

// New builds its value in several statements
var built = sync.Pool{New: func() any {
	b := make([]byte, 32)
	b[0] = 1
	return b
}}

func Built(w io.Writer) {
	b := built.Get().([]byte)
	w.Write(b)
	built.Put(b) // want "GF701: built\.Put stores a slice"
}

// the value is returned and put back by another function
var handed = sync.Pool{New: func() any { return make([]byte, 32) }}

func get() []byte {
	b := handed.Get().([]byte)
	return b
}

func Handed(w io.Writer) {
	b := get()
	w.Write(b)
	handed.Put(b) // want "GF701: handed\.Put stores a slice"
}

// comments gofmt aligns across the lines the fix would change
var aligned = sync.Pool{New: func() any { return make([]byte, 32) }}

func Aligned(w io.Writer) {
	b := aligned.Get().([]byte)
	w.Write(b)     // use it
	aligned.Put(b) // want "GF701: aligned\.Put stores a slice"
	w.Write(nil)   // flush
}
