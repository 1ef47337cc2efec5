// Package scan walks a tree and streams what it finds to whoever reads the channel.
package scan

import "context"

type Node struct {
	Name     string
	Children []*Node
}

// Walk is given a context and never looks at it: once the reader gives up, it blocks forever.
func Walk(ctx context.Context, root *Node, out chan<- string) {
	for _, c := range root.Children {
		out <- c.Name // want "GF305 (preview): the send on out in a loop waits without ctx.Done\(\): the function was given ctx but never looks at it"
		Walk(ctx, c, out)
	}
}

// Collect starts a goroutine that drains a channel per child; none of them watches ctx.
func Collect(ctx context.Context, parts []chan int) int {
	total := make(chan int, 1)
	go func() {
		sum := 0
		for _, p := range parts {
			v := <-p // want "GF305 (preview): the receive from p in a loop waits without ctx.Done\(\).*no fix: the received value is declared"
			sum += v
		}
		total <- sum
	}()
	select {
	case n := <-total:
		return n
	case <-ctx.Done():
		return 0
	}
}

func Count(ctx context.Context, in <-chan string) (int, error) {
	n := 0
	for {
		var s string
		s = <-in // want "GF305 (preview): the receive from in in a loop waits without ctx.Done\(\)"
		if s == "" {
			return n, nil
		}
		n++
	}
}
