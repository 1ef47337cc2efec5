package p

import (
	"testing"
	"time"
)

func TestLoop(t *testing.T) {
	in := make(chan int, 3)
	in <- 1
	in <- 2
	for i := 0; i < 3; i++ {
		select {
		case <-in:
		case <-time.After(10 * time.Millisecond):
			t.Log("timeout")
		}
	}
}
