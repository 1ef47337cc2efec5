package p

import (
	"context"
)

func withGoto(parent context.Context, n int) error {
	ctx, cancel := context.WithCancel(parent)
	i := 0
again:
	if i < n {
		i++
		goto again
	}
	cancel()
	return ctx.Err()
}
