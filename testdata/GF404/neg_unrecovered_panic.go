package main

import (
	"fmt"
	"sync"
)

var (
	codecsMu sync.Mutex
	codecs   = map[string]func([]byte) string{}
)

// RegisterCodec panics on a duplicate name, a programming error found at start-up; nothing in
// the package recovers it, so the process ends and the held lock does not matter (reported
// only with --preview).
func RegisterCodec(name string, c func([]byte) string) {
	codecsMu.Lock() // want "GF404 (preview): the panic at line 19 between codecsMu\.Lock"
	if _, dup := codecs[name]; dup {
		panic("codec registered twice: " + name)
	}
	codecs[name] = c
	codecsMu.Unlock()
}

func main() {
	RegisterCodec("hex", func(b []byte) string { return fmt.Sprintf("%x", b) })
}
