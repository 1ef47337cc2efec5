package p

import "context"

// Consume means to stop on a zero value, but its break leaves the select, not the loop.
func Consume(ctx context.Context, in <-chan int, sum *int) {
	go func() { // want "GF101: the goroutine's loop at line 8 never ends"
		for {
			select {
			case v := <-in:
				if v == 0 {
					break
				}
				*sum += v
			}
		}
	}()
}

// Nested: the break leaves the inner switch only.
func Nested(ctx context.Context, in <-chan int, sum *int) {
	go func() { // want "GF101: the goroutine's loop at line 23 never ends"
		for {
			v := <-in
			switch {
			case v < 0:
				break
			default:
				*sum += v
			}
		}
	}()
}
