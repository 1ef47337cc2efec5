package p

import "context"

func parse(s string) (int, error) { return len(s), nil }

func Parse(ctx context.Context, s string) (int, error) {
	var errc chan error
	errc = make(chan error) // want "GF201: the goroutine's send on unbuffered channel `errc` blocks forever once "
	var n int
	go func(out chan<- error) {
		var err error
		n, err = parse(s)
		out <- err
	}(errc)
	select {
	case err := <-errc:
		return n, err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
