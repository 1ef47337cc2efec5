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

// Finish tells its waiter it is done: the waiter asked for it.
func Finish(stop <-chan struct{}, done chan<- error, work func() error) {
	for {
		select {
		case <-stop:
			return
		default:
		}
		if err := work(); err != nil {
			done <- err
			return
		}
	}
}

type Pipe struct {
	reqs    chan []byte
	answers chan int
	closed  chan struct{}
}

// Write hands the buffer over and reads the answer: the reader always answers (a handshake).
func (p *Pipe) Write(b []byte) (int, error) {
	select {
	case p.reqs <- b:
		n := <-p.answers
		return n, nil
	case <-p.closed:
		return 0, nil
	}
}

// First reports into a channel made with room for it: the send cannot block.
func First(stop <-chan struct{}, work func() error) <-chan error {
	errs := make(chan error, 1)
	go func() {
		select {
		case <-stop:
			return
		default:
		}
		errs <- work()
	}()
	return errs
}

// Collect polls an error channel, not a stop signal, then waits for the result it was promised.
func Collect(errc, results <-chan error) error {
	select {
	case err := <-errc:
		return err
	default:
	}
	return <-results
}
