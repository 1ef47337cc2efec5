package p

import "time"

type fakeClock struct{ c chan time.Time }

func (f fakeClock) Tick(time.Duration) <-chan time.Time { return f.c }

// Wait uses a local variable named time, not the package.
func Wait(c chan time.Time) bool {
	time := fakeClock{c: c}
	for range time.Tick(0) {
		return true
	}
	return false
}
