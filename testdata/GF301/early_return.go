package p

import (
	"context"
	"errors"
	"time"
)

func fetch(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is not called on e"
	if url == "" {
		return errors.New("no url")
	}
	err := get(ctx, url)
	cancel()
	return err
}

func fetchMultiline(parent context.Context, url string) error {
	ctx, cancel := context.WithTimeout( // want "GF301: the cancel function returned by context\.WithTimeout is not called on e"
		parent,
		5*time.Second,
	)
	if err := get(ctx, url); err != nil {
		return err
	}
	cancel()
	return nil
}

func get(ctx context.Context, url string) error {
	if url == "bad" {
		return errors.New("bad url")
	}
	return ctx.Err()
}
