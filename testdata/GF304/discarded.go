// Package resolve looks names up with a deadline of its own, or so it says.
package resolve

import (
	"context"
	"time"
)

type Resolver interface {
	Resolve(ctx context.Context, name string) (string, error)
}

type Client struct {
	r Resolver
}

func (c *Client) Lookup(ctx context.Context, name string) (string, error) {
	_, cancel := context.WithTimeout(ctx, 2*time.Second) // want "GF304 (preview): the context derived by context.WithTimeout is never used \(_\): the calls below still get ctx \(line 20\), so it bounds nothing; pass the derived context"
	defer cancel()
	return c.r.Resolve(ctx, name)
}

func (c *Client) LookupAll(ctx context.Context, names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		_, cancel := context.WithTimeout(ctx, time.Second) // want "GF304 (preview): the context derived by context.WithTimeout is never used \(_\)"
		addr, err := c.r.Resolve(ctx, n)
		cancel()
		if err != nil {
			return nil, err
		}
		out = append(out, addr)
	}
	return out, nil
}

// Warm starts a background refresh that keeps the caller's context, then resolves.
func (c *Client) Warm(ctx context.Context, name string) (string, error) {
	go func() {
		<-ctx.Done()
	}()
	_, cancel := context.WithDeadline(ctx, time.Now().Add(time.Second)) // want "GF304 (preview): the context derived by context.WithDeadline is never used \(_\)"
	defer cancel()
	return c.r.Resolve(ctx, name)
}
