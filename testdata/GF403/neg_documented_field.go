// Package packet: a buffer's reference count is touched by one goroutine at a time, which its
// comment says; the queue hands buffers from the reader to the writer.
package packet

// Buffer is a pooled packet buffer.
type Buffer struct {
	Data []byte

	// refs counts the packets that use Data. It does not support concurrent use: a buffer
	// is owned by one goroutine at a time.
	refs int
}

func (b *Buffer) Retain()  { b.refs++ }
func (b *Buffer) Release() { b.refs-- }

// Pipe moves buffers from a reader goroutine to a writer goroutine.
type Pipe struct {
	ch chan *Buffer
}

func (p *Pipe) Run(in []*Buffer, out func([]byte)) {
	go func() {
		for _, b := range in {
			b.Retain()
			p.ch <- b
		}
		close(p.ch)
	}()
	go func() {
		for b := range p.ch {
			out(b.Data)
			b.Release()
		}
	}()
}
