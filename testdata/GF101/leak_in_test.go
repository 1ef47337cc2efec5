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
	go func() { // want "GF101"
		for {
			results <- 1
			time.Sleep(time.Millisecond)
		}
	}()
	<-results
	_ = ctx
}
