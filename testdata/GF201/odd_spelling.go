package p

import "context"

func four() int { return 4 }

// A make call split over lines, with a trailing comma and a comment.
func Odd(ctx context.Context) int {
	ch := make( // want "GF201: the goroutine's send on unbuffered channel `ch` blocks forever once th"
		chan int, // the result
	)
	go func() { ch <- four() }()
	select {
	case v := <-(ch):
		return v
	case <-ctx.Done():
		return 0
	}
}
