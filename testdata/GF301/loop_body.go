package p

import (
	"context"
	"time"
)

func poll(parent context.Context, urls []string) error {
	for _, u := range urls {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is not called on e"
		if err := ping(ctx, u); err != nil {
			return err
		}
		cancel()
	}
	return nil
}

func pollDiscard(parent context.Context, urls []string) {
	for i := 0; i < len(urls); i++ {
		ctx, _ := context.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is never called"
		_ = ping(ctx, urls[i])
	}
}

func ping(ctx context.Context, u string) error {
	_ = u
	return ctx.Err()
}
