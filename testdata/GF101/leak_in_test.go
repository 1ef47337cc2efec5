package p

import (
	"context"
	"testing"
	"time"
)

// A goroutine leaked by a test outlives it: reported (unlike main and init).
func TestPoller(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	results := make(chan int, 1)
	go func() { // want "GF101: the goroutine's loop at line 15 never ends"
		for {
			results <- 1
			time.Sleep(time.Millisecond)
		}
	}()
	<-results
	_ = ctx
}
