// Package sync3 has functions given a context that start fresh ones, where the fix is a choice
// or not possible.
package sync3

import (
	"context"
	"time"
)

type Store interface {
	Save(ctx context.Context, key string) error
}

// Both has the caller's context and a narrower one: which one the save belongs to is a choice.
func Both(ctx context.Context, s Store, key string) error {
	tctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	if err := s.Save(tctx, key); err != nil {
		return err
	}
	return s.Save(context.Background(), key+".bak") // want "GF306 (preview): context.Background\(\) where the function was given a context: the work here cannot be cancelled by its caller; no fix: 2 contexts are at hand \(ctx, tctx\)"
}

// Later is a placeholder for the context the code did not have.
func Later(ctx context.Context, s Store, key string) error {
	return s.Save(context.TODO(), key) // want "GF306 (preview): context.TODO\(\) where the function was given ctx: pass ctx"
}
