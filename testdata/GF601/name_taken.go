package p

import (
	"context"
	"time"
)

type ticker struct{ n int }

func (t *ticker) bump() { t.n++ }

// Count already spells ticker: the new name is ticker2.
func Count(ctx context.Context, t *ticker) {
	c := time.Tick(time.Minute) // want "GF601: time\.Tick's ticker can never be stopped"
	for {
		select {
		case <-c:
			t.bump()
		case <-ctx.Done():
			var _ ticker
			return
		}
	}
}
