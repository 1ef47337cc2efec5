package nocopy

// noCopy may be embedded in structs which must not be copied after first use (go vet
// treats any type with a pointer Lock method as a lock).
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

type buffer struct {
	_   noCopy
	buf []byte
}

func (b buffer) Len() int { return len(b.buf) } // want "GF405: method Len has a value receiver of type buffer, which contains noCopy"

func Use() int {
	b := &buffer{}
	return b.Len()
}
