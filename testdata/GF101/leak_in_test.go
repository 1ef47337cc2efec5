package p

import (
	"context"
	"sync/atomic"
	"testing"
)

// A goroutine that a test leaves spinning takes a CPU from every test that runs after it.
func TestHitCounter(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var hits atomic.Int64
	go func() { // want "GF101: loop at line 15 never ends: nothing stops it"
		for {
			hits.Add(1)
		}
	}()
	if hits.Load() < 0 {
		t.Fatal("negative count")
	}
	_ = ctx
}
