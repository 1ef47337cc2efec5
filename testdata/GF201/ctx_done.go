package p

import "context"

type result struct {
	body string
	err  error
}

func fetch(ctx context.Context, url string) result {
	return result{body: url}
}

func Get(ctx context.Context, url string) (string, error) {
	ch := make(chan result) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() {
		ch <- fetch(ctx, url)
	}()
	select {
	case r := <-ch:
		return r.body, r.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
