package park

import "testing"

// A test parks a goroutine on purpose, to see it in a goroutine dump.
func TestParkedGoroutine(t *testing.T) {
	go func() {
		select {}
	}()
	go func() {
		<-make(chan int)
	}()
}

// gofixer-test: preview
