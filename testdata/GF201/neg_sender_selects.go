package p

import "context"

func produce() string { return "x" }

func Produce(ctx context.Context) string {
	ch := make(chan string)
	go func() {
		select {
		case ch <- produce():
		case <-ctx.Done():
		}
	}()
	select {
	case s := <-ch:
		return s
	case <-ctx.Done():
		return ""
	}
}
