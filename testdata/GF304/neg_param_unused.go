// Package noop implements interfaces whose methods take a context they do not need.
package noop

import "context"

type Store struct {
	data map[string]string
}

func (s *Store) Get(ctx context.Context, key string) (string, bool) {
	v, ok := s.data[key]
	return v, ok
}

func (s *Store) Close(_ context.Context) error { return nil }

type Pinger interface {
	Ping(ctx context.Context) error
}

// Check ignores its context and calls with a fresh one: that is GF306's.
func Check(ctx context.Context, p Pinger) error {
	return p.Ping(context.Background())
}
