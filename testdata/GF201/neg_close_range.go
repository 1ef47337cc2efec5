package p

import "context"

func item(i int) int { return i }

func Sum(ctx context.Context) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		ch <- item(1)
	}()
	select {
	case v := <-ch:
		return v
	case <-ctx.Done():
		return 0
	}
}

func Ranged() int {
	ch := make(chan int)
	go func() {
		ch <- item(2)
		close(ch)
	}()
	total := 0
	for v := range ch {
		total += v
	}
	return total
}
