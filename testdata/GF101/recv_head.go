package p

import (
	"context"
	"log"
	"strings"
)

type Worker struct {
	queue   chan string
	retries chan string
	done    int
}

func (w *Worker) fulfil(ctx context.Context, id string) error { return ctx.Err() }

// Start launches the consumer.
func (w *Worker) Start(ctx context.Context) {
	go func() { // want "GF101: the goroutine's loop at line 20 never ends"
		for {
			// wait for the next order
			id := <-w.queue // one at a time
			if err := w.fulfil(ctx, id); err != nil {
				log.Printf("worker: fulfil %s: %v (will retry)", id, err)
				w.retries <- id
				continue
			}

			/* a block comment
			   over two lines */
			log.Print(strings.TrimSpace(`
    raw text keeps its indentation
`))
			w.done++
		}
	}()
}

// Pairs reads two values per round; the receive with ok at the head becomes the select case.
func Pairs(ctx context.Context, in <-chan int, out chan<- int) {
	go func() { // want "GF101: the goroutine's loop at line 42 never ends"
		for {
			a, ok := <-in
			if !ok {
				log.Print("closed, spinning")
			}
			out <- a
		}
	}()
}

// Drop discards values: a bare receive statement.
func Drop(ctx context.Context, in <-chan int) {
	n := 0
	go func() { // want "GF101: the goroutine's loop at line 56 never ends"
		for {
			<-in
			n++
		}
	}()
}
