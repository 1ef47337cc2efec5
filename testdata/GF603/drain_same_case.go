package retry

import "time"

type backoff struct {
	timer *time.Timer
	done  chan struct{}
}

// The case has just received from the timer, so the drain right after it can only block.
func (b *backoff) wait(attempt func() bool) {
	for {
		select {
		case <-b.timer.C:
			if attempt() {
				if !b.timer.Stop() { // want "GF603 (preview): this drain blocks forever once the case at line 14 has received from b.timer.C"
					<-b.timer.C
				}
				return
			}
		case <-b.done:
			return
		}
	}
}

// gofixer-test: preview
