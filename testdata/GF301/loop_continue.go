package p

import (
	"context"
	"log"
	"time"
)

// retry never returns, so go vet's lostcancel has no return to report: the continue drops
// the iteration's cancel function all the same.
func retry(parent context.Context, jobs <-chan string, do func(context.Context, string) error) {
	for {
		job := <-jobs
		ctx, cancel := context.WithTimeout(parent, time.Second) // want "GF301: the cancel function returned by context\.WithTimeout is not called on e"
		if err := do(ctx, job); err != nil {
			log.Printf("retry %s: %v", job, err)
			continue
		}
		cancel()
	}
}

// drain leaves the loop with break: the context made in the last iteration is never released.
func drain(parent context.Context, jobs <-chan string, do func(context.Context, string) error) {
	for job := range jobs {
		ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
		if job == "" {
			break
		}
		if err := do(ctx, job); err != nil {
			continue
		}
		cancel()
	}
}
