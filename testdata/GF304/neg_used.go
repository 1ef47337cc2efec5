// Package fetch uses the contexts it derives.
package fetch

import (
	"context"
	"time"
)

type Source interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

func Get(ctx context.Context, s Source, key string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return s.Get(ctx, key)
}

// Both uses the narrow context for one step and the caller's for the other, on purpose.
func Both(ctx context.Context, s Source, a, b string) error {
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := s.Get(short, a); err != nil {
		return err
	}
	_, err := s.Get(ctx, b)
	return err
}

// Watch hands its derived context to a goroutine, which stops when the caller cancels.
func Watch(ctx context.Context, s Source, key string) (stop func()) {
	wctx, cancel := context.WithCancel(ctx)
	go func() {
		s.Get(wctx, key)
	}()
	return cancel
}
