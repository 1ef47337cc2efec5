package p

import (
	"testing"
	"time"
)

func TestTicks(t *testing.T) {
	n := 0
	for range time.Tick(time.Millisecond) {
		n++
		if n == 3 {
			break
		}
	}
}
