// Package job: the one goroutine writes its result and then closes done; the reader waits on
// done first (the close orders the write before the read).
package job

// Job runs a function in the background.
type Job struct {
	err  error
	done chan struct{}
}

// Start runs f once in its own goroutine.
func Start(f func() error) *Job {
	j := &Job{done: make(chan struct{})}
	go j.run(f)
	return j
}

func (j *Job) run(f func() error) {
	j.err = f()
	close(j.done)
}

// Wait waits for the result.
func (j *Job) Wait() error {
	<-j.done
	return j.err
}
