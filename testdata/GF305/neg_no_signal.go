// Package queue blocks on channels where nothing could stop it anyway.
package queue

type Queue struct {
	items chan string
}

func (q *Queue) Put(s string) {
	q.items <- s
}

func (q *Queue) Drain(n int) []string {
	var out []string
	for i := 0; i < n; i++ {
		out = append(out, <-q.items)
	}
	return out
}

func Relay(in <-chan string, out chan<- string) {
	for s := range in {
		out <- s
	}
	close(out)
}
