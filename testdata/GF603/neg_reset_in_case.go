package flusher

import "time"

func write() {}

// The case that takes the tick re-arms the timer: the drain finds it running or fired.
func loopReset(poke <-chan struct{}, interval time.Duration) {
	t := time.NewTimer(interval)
	for {
		select {
		case <-t.C:
			write()
			t.Reset(interval)
		case <-poke:
			if !t.Stop() {
				<-t.C
			}
			t.Reset(interval)
		}
	}
}

// gofixer-test: preview
