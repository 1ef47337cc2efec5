package debounce

import "time"

// Nothing in the loop receives from the timer's channel but the drain: the classic drain.
func debounce(events <-chan string, quiet time.Duration, fire func(string)) {
	t := time.AfterFunc(time.Hour, func() {})
	last := ""
	for e := range events {
		last = e
		if !t.Stop() {
			<-t.C
		}
		t = time.AfterFunc(quiet, func() { fire(last) })
	}
}

// A new timer for every round: the drain is about the old one.
func rounds(n int, d time.Duration) {
	t := time.NewTimer(d)
	for i := 0; i < n; i++ {
		select {
		case <-t.C:
		default:
		}
		if !t.Stop() {
			<-t.C
		}
		t = time.NewTimer(d)
	}
}

// gofixer-test: preview
