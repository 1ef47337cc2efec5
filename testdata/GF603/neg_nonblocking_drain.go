package flusher

import "time"

func sync1() {}

// A drain that cannot block.
func loopNonBlocking(poke <-chan struct{}, interval time.Duration) {
	t := time.NewTimer(interval)
	for {
		select {
		case <-t.C:
			sync1()
		case <-poke:
			if !t.Stop() {
				select {
				case <-t.C:
				default:
				}
			}
			t.Reset(interval)
		}
	}
}

// gofixer-test: preview
