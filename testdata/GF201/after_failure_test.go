package p

import (
	"testing"
	"time"
)

func compute() int { return 42 }

// The timeout case fails the test: the worker is stranded only once the run is red already,
// a preview finding.
func TestComputeFinishes(t *testing.T) {
	done := make(chan int) // want "GF201 (preview): the `<-time.After\(time.Second\)` case .*that case fails the test first"
	go func() {
		done <- compute()
	}()
	select {
	case v := <-done:
		if v != 42 {
			t.Errorf("got %d", v)
		}
	case <-time.After(time.Second):
		t.Fatal("compute did not finish")
	}
}

// Here the timeout only logs: the test passes and the worker stays blocked, idle, for the rest
// of the run; a preview finding too.
func TestComputeMaybe(t *testing.T) {
	done := make(chan int) // want "GF201 (preview): in a test the stranded goroutine only waits, idle, until the test binary exits"
	go func() {
		done <- compute()
	}()
	select {
	case v := <-done:
		t.Logf("got %d", v)
	case <-time.After(time.Second):
		t.Log("slow machine, skipping the check")
	}
}

// gofixer-test: preview
