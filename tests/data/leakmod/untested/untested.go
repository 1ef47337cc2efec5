// Package untested has the leak and no tests.
package untested

import (
	"context"
	"os"
)

func Size(ctx context.Context, name string) (int64, error) {
	sizes := make(chan int64)
	go func() {
		fi, err := os.Stat(name)
		if err != nil {
			sizes <- -1
			return
		}
		sizes <- fi.Size()
	}()
	select {
	case n := <-sizes:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
