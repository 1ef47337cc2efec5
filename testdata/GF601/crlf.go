package p

import (
	"context"
	"time"
)

// Loop is a CRLF file.
func Loop(ctx context.Context) {
	for range time.Tick(time.Second) { // want "GF601"
		if ctx.Err() != nil {
			return
		}
	}
}
