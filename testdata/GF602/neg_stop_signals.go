package p

import (
	"context"
	"errors"
	"time"
)

var errNoResponders = errors.New("no responders")

// Retry waits between attempts; once ctx is done the next request fails and the loop ends.
func Retry(ctx context.Context, wait time.Duration, req func(context.Context) error) error {
	err := req(ctx)
	for r := 0; errors.Is(err, errNoResponders) && r < 5; r++ {
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
		err = req(ctx)
	}
	return err
}

type drainer struct {
	stop  chan struct{}
	quitC chan struct{}
}

// Drain stops waiting on stop once it is closed, and returns on quitC.
func (d *drainer) Drain(progress func() bool) {
	stopCh := d.stop
	for {
		select {
		case <-d.quitC:
			return
		case <-stopCh:
			stopCh = nil
			continue
		case <-time.After(time.Second):
			if !progress() {
				return
			}
		}
	}
}

// Close waits once for the peer after the loop decides to leave.
func Close(in <-chan int, done <-chan struct{}) int {
	n := 0
	for {
		v, ok := <-in
		if !ok {
			select {
			case <-done:
			case v = <-in:
			case <-time.After(time.Second):
			}
			return n + v
		}
		n += v
	}
}

// Once breaks out of the loop right after its select.
func Once(in <-chan int) int {
	n := 0
	for i := 0; i < 10; i++ {
		select {
		case v := <-in:
			n += v
		case <-time.After(time.Second):
		}
		break
	}
	return n
}
