package p

import "errors"

func fetch(id int) (string, error) { return "", nil }

// Every return comes after the receive: the goroutine is always waited for.
func load(id int) (string, error) {
	type result struct {
		s   string
		err error
	}
	out := make(chan result)
	go func() {
		s, err := fetch(id)
		out <- result{s, err}
	}()
	r := <-out
	if r.err != nil {
		return "", r.err
	}
	if r.s == "" {
		return "", errors.New("empty")
	}
	return r.s, nil
}

// The early return is in a function literal the goroutine runs, not in the function that
// receives.
func loadAll(ids []int) []string {
	done := make(chan string)
	go func() {
		for _, id := range ids {
			if id < 0 {
				done <- ""
				return
			}
		}
		done <- "ok"
	}()
	return []string{<-done}
}
