package p

import (
	"context"
	"time"
)

// Retry sleeps between attempts: the timer fires before the next one starts.
func Retry(try func() error) error {
	var err error
	for i := 0; i < 3; i++ {
		if err = try(); err == nil {
			return nil
		}
		<-time.After(time.Duration(i) * time.Second)
	}
	return err
}

// Backoff waits with a select whose only case is the timer.
func Backoff(n int) {
	for i := 0; i < n; i++ {
		select {
		case <-time.After(time.Millisecond):
		}
	}
}

// Sleep uses ctx with a timer that is stopped.
func Sleep(ctx context.Context, in <-chan int) {
	timer := time.NewTimer(time.Minute)
	defer timer.Stop()
	for {
		select {
		case <-in:
		case <-timer.C:
			return
		case <-ctx.Done():
			return
		}
	}
}
