package graceful

import (
	"context"
	"net/http"
	"time"
)

type grpcLike struct{}

func (grpcLike) Shutdown(ctx context.Context) error { return nil }

// A deadline bounds the drain; another type's Shutdown is not a server's.
func Stop(srv *http.Server, g grpcLike) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := g.Shutdown(context.Background()); err != nil {
		return err
	}
	return srv.Shutdown(ctx)
}
