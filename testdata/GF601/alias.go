package p

import (
	"context"
	stdtime "time"
)

// Beat uses an aliased import.
func Beat(ctx context.Context, out chan<- stdtime.Time) {
	for t := range stdtime.Tick(stdtime.Second) { // want "GF601: stdtime\.Tick's ticker can never be stopped"
		select {
		case out <- t:
		case <-ctx.Done():
			return
		}
	}
}
