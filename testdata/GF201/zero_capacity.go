package p

import "context"

func lookup(key string) (string, error) { return key, nil }

func Lookup(ctx context.Context, key string) (string, error) {
	type answer struct {
		v   string
		err error
	}
	ch := make(chan answer, 0) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		v, err := lookup(key)
		ch <- answer{v, err}
	}()
	select {
	case a := <-ch:
		return a.v, a.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
