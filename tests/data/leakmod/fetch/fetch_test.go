package fetch_test

import (
	"context"
	"testing"
	"time"

	"example.com/leakmod/fetch"
)

func TestPrice(t *testing.T) {
	t.Parallel()
	p, err := fetch.Price(context.Background(), "abc", 0)
	if err != nil || p != 300 {
		t.Fatalf("Price = %d, %v", p, err)
	}
}

func TestPriceDeadline(t *testing.T) {
	t.Parallel()
	for _, sym := range []string{"a", "bb"} {
		t.Run(sym, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
			defer cancel()
			if _, err := fetch.Price(ctx, sym, 20*time.Millisecond); err == nil {
				t.Fatal("want the deadline's error")
			}
		})
	}
}
