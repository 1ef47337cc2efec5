package signals

import (
	"os"
	"os/signal"
)

// The channel is handed to another package, which sends on it: its lifetime is not this
// function's to judge.
func watch(stop func()) {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	go func() {
		for range sigs {
			stop()
		}
	}()
}

// The channel is returned: its caller decides when it is done.
func source(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

// gofixer-test: preview
