// Package timers has functions named like context's, of its own.
package timers

import (
	"context"
	"time"
)

type Ctx struct{}

func WithTimeout(c Ctx, d time.Duration) (Ctx, func()) { return c, func() {} }

func Run(ctx context.Context, c Ctx) error {
	_, cancel := WithTimeout(c, time.Second)
	defer cancel()
	return ctx.Err()
}
