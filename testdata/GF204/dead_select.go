package relay

// Neither case of the select can ever proceed: nothing sends on in or closes it, and out is
// never made.
type relay struct {
	in  chan []byte
	out chan []byte
}

func newRelay() *relay { return &relay{in: make(chan []byte)} }

func (r *relay) step() {
	select { // want "GF204 (preview): this select blocks forever: no case can ever proceed \(receive from r.in: nothing in the package sends on in or closes it; send on r.out: out is never made"
	case b := <-r.in:
		_ = b
	case r.out <- nil:
	}
}

// gofixer-test: preview
