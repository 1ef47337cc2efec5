package p

import (
	"log"
	"net/http"
	"time"
)

type Flusher struct {
	tick *time.Ticker
	n    int
}

// Handle starts a flusher per request: with r.Context() in scope the ranges become selects.
func Handle(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	t := time.NewTicker(100 * time.Millisecond)
	go func() { // want "GF101: the goroutine's range over a ticker's channel at line 19 never ends"
		for range t.C {
			log.Print("flush")
		}
	}()
	f := &Flusher{tick: time.NewTicker(time.Second)}
	go func() { // want "GF101: the goroutine's range over a ticker's channel at line 25 never ends"
		for now := range f.tick.C { // every tick
			log.Print(now)
			f.n++
		}
	}()
	_ = ctx
}
