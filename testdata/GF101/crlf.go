package p

import "context"

// CRLF keeps its line endings in the fix.
func CRLF(ctx context.Context, in <-chan int, sum *int) {
	go func() { // want "GF101: the goroutine's loop at line 8 never ends"
		for {
			v := <-in
			*sum += v
		}
	}()
}
