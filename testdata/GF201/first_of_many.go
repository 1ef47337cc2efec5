package p

import "net/http"

// The first mirror to answer wins; the others finish later and wait on their sends forever.
func fastest(mirrors []string) string {
	won := make(chan string) // want "GF201 (preview): a goroutine per element of `mirrors` sends once on unbuffered channel `won`"
	for _, m := range mirrors {
		go func() {
			if resp, err := http.Head(m); err == nil {
				resp.Body.Close()
			}
			won <- m
		}()
	}
	return <-won
}

type job func()

// Wait for the first job to finish; with no job at all nobody sends: the receive, whose value
// nobody uses, is guarded by the collection's length.
func firstDone(jobs []job) {
	done := make(chan struct{}) // want "GF201 (preview): a goroutine per element of `jobs` .*; with `jobs` empty nobody sends and the receive waits forever"
	for _, j := range jobs {
		go func() {
			j()
			done <- struct{}{}
		}()
	}
	<-done
}

// The caller checked for an empty collection: nothing to guard.
func firstOf(jobs []job) bool {
	if len(jobs) == 0 {
		return false
	}
	done := make(chan struct{}) // want "GF201 (preview): a goroutine per element of `jobs` sends once on unbuffered channel `done`, but the function receives once: every sender but the first blocks forever \(goroutine leak\)$"
	for _, j := range jobs {
		go func() {
			j()
			done <- struct{}{}
		}()
	}
	<-done
	return true
}

// gofixer-test: preview
