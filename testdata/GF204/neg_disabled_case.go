package ticker

import "time"

// A nil channel in a select disables its case: the other case proceeds.
func poll(interval time.Duration, stop <-chan struct{}, limit bool) {
	var deadline <-chan time.Time
	if limit {
		deadline = time.After(time.Minute)
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-deadline:
			return
		case <-stop:
			return
		}
	}
}

// gofixer-test: preview
