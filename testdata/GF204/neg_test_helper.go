package parktest

import "testing"

// parkGoroutine is a helper of the package's tests: it parks a goroutine on purpose, so that
// a goroutine dump taken by the test shows it.
func parkGoroutine(t *testing.T) {
	t.Helper()
	go func() {
		<-make(chan struct{})
	}()
}

// parkTwice is used only by test code.
func parkTwice(t *testing.T) {
	parkGoroutine(t)
	go func() {
		select {}
	}()
}

func checkParked(t *testing.T) { parkTwice(t) }

// gofixer-test: preview
