package forward

import "time"

type msg struct{ body string }

// Each round re-arms the timer before the select: once the timeout case has taken a tick,
// the next Reset starts the timer again, so the drain in the send case finds it running.
func forward(in <-chan msg, out chan<- msg, timeout time.Duration, dropped func(msg)) {
	timer := time.NewTimer(time.Minute)
	timer.Stop()
	for m := range in {
		timer.Reset(timeout)
		select {
		case out <- m:
			if !timer.Stop() {
				<-timer.C
			}
		case <-timer.C:
			dropped(m)
		}
	}
}

// gofixer-test: preview
