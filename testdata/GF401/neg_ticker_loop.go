package ticker_loop

import (
	"context"
	"log"
	"sync"
	"time"
)

// The loop over a ticker's channel never ends by itself: the only way out is the return after
// Done, so no path reaches the end of the goroutine without it.
func poll(ctx context.Context, wg *sync.WaitGroup, check func() error) {
	wg.Add(1)
	go func() {
		for range time.NewTicker(time.Second).C {
			select {
			case <-ctx.Done():
				wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
				return
			default:
			}
			if err := check(); err != nil {
				log.Print(err)
			}
		}
	}()
}

func pollWithTicker(ctx context.Context, wg *sync.WaitGroup, check func() error) {
	t := time.NewTicker(time.Second)
	wg.Add(1)
	go func() {
		for range t.C {
			if ctx.Err() != nil {
				t.Stop()
				wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
				return
			}
			_ = check()
		}
	}()
}
