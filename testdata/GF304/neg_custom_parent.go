package p

import (
	"context"
	"time"
)

// recorder is a Context of its own that counts the contexts derived from it: deriving one and
// dropping it is what the test measures, and the uses below are its own fields, not contexts.
type recorder struct {
	context.Context
	derived int
}

func (r *recorder) Done() <-chan struct{} {
	r.derived++
	return nil
}

func countDerived() int {
	r := &recorder{Context: context.Background()}
	_, cancel := context.WithTimeout(r, time.Minute)
	defer cancel()
	return r.derived
}
