package feed

import "context"

type event struct{ name string }

func consume(events <-chan event) {
	for e := range events {
		_ = e.name
	}
}

// The consumer's range never ends: publish never closes events. A close after the loop would
// not run on the return path, so the rule reports without a fix.
func publish(ctx context.Context, names []string) error {
	events := make(chan event)
	go func() {
		for e := range events { // want "GF203 (preview): range over events never ends: its only sender \(this function\) finishes without closing events \(no fix: the function can return before its last send\)"
			_ = e.name
		}
	}()
	for _, n := range names {
		select {
		case events <- event{name: n}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// gofixer-test: preview
