// Package pipe moves values between stages that all watch their context.
package pipe

import "context"

func Stage(ctx context.Context, in <-chan int, out chan<- int) error {
	for v := range in {
		select {
		case out <- v * 2:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func Merge(ctx context.Context, a, b <-chan int, out chan<- int) {
	for {
		select {
		case v, ok := <-a:
			if !ok {
				return
			}
			select {
			case out <- v:
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

// Until reads until the channel is closed: that is how it ends.
func Until(ctx context.Context, in <-chan int) int {
	n := 0
	for {
		v, ok := <-in
		if !ok {
			return n
		}
		n += v
	}
}

// Flush runs once the context is done: cleanup, not a wait.
func Flush(ctx context.Context, in <-chan int, log chan<- string) {
	for {
		select {
		case <-in:
		case <-ctx.Done():
			log <- "stopped"
			return
		}
	}
}

// Probe waits for its prober once it has stopped on either signal: a drain, which the signal
// it follows cannot end.
func Probe(stop <-chan struct{}, probe func() bool) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		results := make(chan bool, 1)
		go func() { results <- probe() }()
		select {
		case <-stop:
			<-results
			return
		case <-results:
		}
	}
}
