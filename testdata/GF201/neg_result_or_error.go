package p

import "errors"

type reply struct{ body string }

func fetch(id int) (reply, error) {
	if id < 0 {
		return reply{}, errors.New("bad id")
	}
	return reply{body: "ok"}, nil
}

// The worker hands back a reply or an error, never both, and the select waits for either:
// whichever case it takes, the worker has already sent and nothing is left blocked.
func Lookup(id int) (reply, error) {
	replies := make(chan reply)
	errs := make(chan error)
	go func() {
		r, err := fetch(id)
		if err != nil {
			errs <- err
			return
		}
		replies <- r
	}()
	select {
	case r := <-replies:
		return r, nil
	case err := <-errs:
		return reply{}, err
	}
}

type item struct{ id int }

func next(n int) (item, error) { return item{id: n}, nil }

// The worker closes done when it has read everything, or sends the error that stopped it: the
// select hears one of the two, and the worker has nothing more to do.
func Drain(n int) ([]item, error) {
	var got []item
	errs := make(chan error)
	done := make(chan struct{})
	go func() {
		for i := 0; ; i++ {
			if i == n {
				close(done)
				return
			}
			it, err := next(i)
			if err != nil {
				errs <- err
				return
			}
			got = append(got, it)
		}
	}()
	select {
	case <-done:
		return got, nil
	case err := <-errs:
		return nil, err
	}
}
