package p

import "context"

func crunch(data []byte) int { return len(data) }

func worker(data []byte, out chan<- int) {
	out <- crunch(data)
}

func Crunch(ctx context.Context, data []byte) (int, error) {
	results := make(chan int) // want "GF201: the goroutine's send on unbuffered channel `results` blocks forever on"
	go worker(data, results)
	select {
	case n := <-results:
		return n, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}
