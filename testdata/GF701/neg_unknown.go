// Package unknown: Puts whose value is an interface, a constant, a one-byte type, or of a type
// the file does not show: silent.
package unknown

import (
	"bufio"
	"sync"
)

var pool sync.Pool

func Any(x any) {
	pool.Put(x)
}

func Untyped() {
	v := pool.Get()
	pool.Put(v)
}

func Constants() {
	pool.Put(0)
	pool.Put("x")
	pool.Put(true)
	pool.Put(byte(1))
}

func Small(b bool, c byte) {
	pool.Put(b)
	pool.Put(c)
}

func Results(r *bufio.Reader) {
	pool.Put(r)
	pool.Put(make1())
	pool.Put(pick(r))
	pool.Put(r.Buffered())
	b, _ := r.Peek(1)
	pool.Put(b)
}

func make1() any { return nil }

func pick(r *bufio.Reader) any { return r }

func Err(err error) {
	pool.Put(err)
}
