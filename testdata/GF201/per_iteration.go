package p

import (
	"context"
	"fmt"
)

func get(id int) string { return fmt.Sprint(id) }

// Each iteration makes its own channel for its own goroutine.
func All(ctx context.Context, ids []int) []string {
	var out []string
	for _, id := range ids {
		ch := make(chan string) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
		go func() { ch <- get(id) }()
		select {
		case s := <-ch:
			out = append(out, s)
		case <-ctx.Done():
			continue
		}
	}
	return out
}

// Inside a function literal too.
var Handler = func(ctx context.Context) string {
	ch := make(chan string) // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
	go func() { ch <- get(1) }()
	select {
	case s := <-ch:
		return s
	case <-ctx.Done():
		return ""
	}
}
