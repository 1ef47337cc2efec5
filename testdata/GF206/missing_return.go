package missing_return

import (
	"errors"
	"fmt"
)

type result struct {
	body []byte
	err  error
}

func get(url string) ([]byte, error) {
	if url == "" {
		return nil, errors.New("empty url")
	}
	return []byte(url), nil
}

// fetch reports one outcome per call, but its error path sends twice.
func fetch(url string, out chan<- result) {
	body, err := get(url)
	if err != nil {
		out <- result{err: err} // want "GF206 (preview): the error branch sends on `out` and falls through to the send at line 26"
	}
	out <- result{body: body}
}

func FetchAll(urls []string) []result {
	out := make(chan result)
	for _, u := range urls {
		go fetch(u, out)
	}
	var rs []result
	for range urls {
		rs = append(rs, <-out)
	}
	return rs
}

type worker struct {
	errs chan error
}

// A field as the channel, a statement between the sends, a goroutine literal.
func (w *worker) run(job func() error) {
	go func() {
		if err := job(); err != nil {
			w.errs <- fmt.Errorf("job: %w", err) // want "GF206 (preview): the error branch sends on `w.errs` and falls through to the send at line 53"
		}
		n := 1
		_ = n
		w.errs <- nil
	}()
}

// With results, a bare return does not compile: reported without a fix.
func check(name string, done chan<- error) int {
	err := validate(name)
	if err != nil {
		done <- err // want "GF206 (preview): the error branch sends on `done`"
	}
	done <- nil
	return len(name)
}

func validate(name string) error {
	if name == "" {
		return errors.New("no name")
	}
	return nil
}
