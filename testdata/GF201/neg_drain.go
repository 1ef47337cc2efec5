package p

import "context"

func job() error { return nil }

// The cancel case waits for the result, so the sender always finds a receiver.
func Job(ctx context.Context) error {
	errc := make(chan error)
	go func() { errc <- job() }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		<-errc
		return ctx.Err()
	}
}
