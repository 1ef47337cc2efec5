// Package quiet has the leak, but its tests never wait long enough to give up.
package quiet

import (
	"context"
	"strings"
)

func Upper(ctx context.Context, s string) (string, error) {
	res := make(chan string)
	go func() {
		res <- strings.ToUpper(s)
	}()
	select {
	case r := <-res:
		return r, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
