// Package mirror copies objects from a remote store to a local one for its callers.
package mirror

import (
	"context"
	"time"
)

type Remote interface {
	Fetch(ctx context.Context, id string) ([]byte, error)
}

type Local interface {
	Put(ctx context.Context, id string, b []byte) error
}

type Mirror struct {
	remote Remote
	local  Local
}

func (m *Mirror) Pull(ctx context.Context, id string) error {
	b, err := m.remote.Fetch(context.Background(), id) // want "GF306 (preview): context.Background\(\) where the function was given ctx, which it never uses: the work here cannot be cancelled by its caller; pass ctx"
	if err != nil {
		return err
	}
	return m.local.Put(context.Background(), id, b) // want "GF306 (preview): context.Background\(\) where the function was given ctx, which it never uses"
}

func (m *Mirror) Refresh(ctx context.Context, ids []string) error {
	for _, id := range ids {
		tctx, cancel := context.WithTimeout(context.TODO(), time.Second) // want "GF306 (preview): context.TODO\(\) where the function was given ctx: pass ctx"
		_, err := m.remote.Fetch(tctx, id)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// Each hands a callback its context; the callback ignores it.
func Each(ids []string, fn func(ctx context.Context, id string) error) error {
	for _, id := range ids {
		if err := fn(context.Background(), id); err != nil {
			return err
		}
	}
	return nil
}

func Visit(m *Mirror, ids []string) error {
	return Each(ids, func(ctx context.Context, id string) error {
		_, err := m.remote.Fetch(context.Background(), id) // want "GF306 (preview): context.Background\(\) where the function was given ctx, which it never uses"
		return err
	})
}
