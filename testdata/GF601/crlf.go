package p

import (
	"context"
	"time"
)

// Loop is a CRLF file.
func Loop(ctx context.Context) {
	for range time.Tick(time.Second) { // want "GF601: time\.Tick's ticker can never be stopped"
		if ctx.Err() != nil {
			return
		}
	}
}
