// Package codec: one pool, two functions that Get from it; one puts back a resliced buffer,
// the other the buffer as it got it. New returns a slice literal.
package codec

import (
	"encoding/hex"
	"io"
	"sync"
)

var scratch = sync.Pool{
	New: func() any {
		return []byte{}
	},
}

func Encode(w io.Writer, src []byte) error {
	buf := scratch.Get().([]byte)
	if cap(buf) < hex.EncodedLen(len(src)) {
		buf = make([]byte, hex.EncodedLen(len(src)))
	}
	buf = buf[:hex.EncodedLen(len(src))]
	hex.Encode(buf, src)
	_, err := w.Write(buf)
	scratch.Put(buf[:0]) // want "GF701: scratch\.Put stores a slice"
	return err
}

func Copy(w io.Writer, r io.Reader) (int64, error) {
	b := scratch.Get().([]byte)
	defer scratch.Put(b) // want "GF701: scratch\.Put stores a slice"
	if len(b) == 0 {
		return io.Copy(w, r)
	}
	return io.CopyBuffer(w, r, b)
}
