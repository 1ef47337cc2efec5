package neg_streams

import "errors"

type event struct {
	warn error
	done bool
}

func prepare() error { return errors.New("stale cache") }

// The sender closes the channel: a stream read to the end, where a warning and then more
// events is the protocol.
func watch(out chan<- event) {
	defer close(out)
	if err := prepare(); err != nil {
		out <- event{warn: err}
	}
	out <- event{done: true}
}

// A loop: one send per round, the error's and the item's.
func each(items []string, out chan<- error) {
	for _, it := range items {
		err := check(it)
		if err != nil {
			out <- err
		}
		out <- nil
	}
}

func check(s string) error {
	if s == "" {
		return errors.New("empty")
	}
	return nil
}

// The branch returns after its send.
func once(out chan<- error) {
	if err := prepare(); err != nil {
		out <- err
		return
	}
	out <- nil
}

// Not an error test.
func header(first bool, out chan<- string) {
	if first {
		out <- "header"
	}
	out <- "body"
}

// Two channels: an error channel and a result channel.
func split(errs chan<- error, results chan<- int) {
	if err := prepare(); err != nil {
		errs <- err
	}
	results <- 1
}

// A receive between the sends: the caller takes both.
func handshake(ch chan error) {
	if err := prepare(); err != nil {
		ch <- err
	}
	<-ch
	ch <- nil
}
