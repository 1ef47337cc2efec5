// Package shutdown stops servers under a fresh context with a deadline of its own, because
// the context it was given is already done when it is asked to stop.
package shutdown

import (
	"context"
	"time"
)

type Server interface {
	Shutdown(ctx context.Context) error
	Serve(ctx context.Context) error
}

// Run serves until ctx is done, then shuts down under a fresh deadline: the caller's context
// would cancel the shutdown at once.
func Run(ctx context.Context, s Server) error {
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		return s.Shutdown(sctx)
	}
}

// Stop hands a fresh context to Shutdown, which is meant to finish what is in flight.
func Stop(ctx context.Context, s Server) error {
	return s.Shutdown(context.Background())
}
