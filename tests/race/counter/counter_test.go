package racecounter

import (
	"sync"
	"testing"
)

func TestIncFromGoroutines(t *testing.T) {
	c := &Counter{}
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Inc()
		}()
	}
	wg.Wait()
	if got := c.Value(); got != 50 {
		t.Fatalf("Value() = %d, want 50", got)
	}
}

func TestIncConcurrently(t *testing.T) {
	c := &Counter{}
	IncConcurrently(c, 50)
	if got := c.Value(); got != 50 {
		t.Fatalf("Value() = %d, want 50", got)
	}
}
