package pipe

// The literal sets in by position: the field is made there.
type pipe struct {
	in chan int
}

func newPipe() *pipe { return &pipe{make(chan int, 1)} }

func (p *pipe) put(v int) { p.in <- v }

func (p *pipe) take() int { return <-p.in }

// gofixer-test: preview
