package p

import "context"

func flush() {}

func Flush(ctx context.Context) error {
	finished := make(chan struct{}) // want "GF201: the goroutine's send on unbuffered channel `finished` blocks forever o"
	go func() {
		flush()
		finished <- struct{}{}
	}()
	select {
	case <-finished:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
