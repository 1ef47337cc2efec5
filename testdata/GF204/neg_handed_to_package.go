package shutdown

import (
	"os"
	"os/signal"
)

// sigs is handed to signal.Notify, which sends on it.
func waitForInterrupt() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt)
	<-sigs
}

// ch goes into a map that others read: it may be served there.
var waiters = map[string]chan int{}

func register(name string) int {
	ch := make(chan int)
	waiters[name] = ch
	return <-ch
}

// gofixer-test: preview
