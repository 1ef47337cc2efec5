package p

import (
	"context"
	"strconv"
)

func parse(s string) (int, error) { return strconv.Atoi(s) }

// A reply or an error, but the caller may also give up on ctx: then the worker's send on
// either channel has no receiver.
func ParseAsync(ctx context.Context, s string) (int, error) {
	vals := make(chan int)     // want "GF201: send on unbuffered channel `vals` blocks forever once the select takes the `<-ctx.Done\(\)` case"
	failed := make(chan error) // want "GF201: send on unbuffered channel `failed` blocks forever once the select takes the `<-ctx.Done\(\)` case"
	go func() {
		v, err := parse(s)
		if err != nil {
			failed <- err
			return
		}
		vals <- v
	}()
	select {
	case v := <-vals:
		return v, nil
	case err := <-failed:
		return 0, err
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
