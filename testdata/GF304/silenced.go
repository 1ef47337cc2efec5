// Package upload sends parts with a per-part timeout that the code forgot to use.
package upload

import (
	"context"
	"time"
)

type Sender interface {
	Send(ctx context.Context, part []byte) error
}

func Parts(ctx context.Context, s Sender, parts [][]byte) error {
	for _, p := range parts {
		partCtx, cancel := context.WithTimeout(ctx, 10*time.Second) // want "GF304 (preview): the context derived by context.WithTimeout is never used \(partCtx\)"
		_ = partCtx
		err := s.Send(ctx, p)
		cancel()
		if err != nil {
			return err
		}
	}
	return nil
}

// Nothing makes a deadline and then does nothing under any context.
func Nothing(ctx context.Context, s Sender) {
	_, cancel := context.WithCancel(ctx) // want "GF304 (preview): the context derived by context.WithCancel is never used \(_\): it bounds nothing$"
	defer cancel()
}
