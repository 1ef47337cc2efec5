package cluster

import (
	"sync"
	"testing"
)

func create(i int) error { _ = i; return nil }

// The range reports the first error and ends the test: it does not wait for a close.
func TestCreateAll(t *testing.T) {
	errs := make(chan error, 10)
	var wg sync.WaitGroup
	for i := 0; i < 10; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if err := create(i); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	if len(errs) > 0 {
		for err := range errs {
			t.Fatalf("create: %v", err)
		}
	}
}

// gofixer-test: preview
