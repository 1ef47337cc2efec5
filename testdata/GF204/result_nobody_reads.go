package jobs

// finish hands its error to done, but nothing in the package ever receives from done: the
// goroutine that calls finish blocks there.
type job struct {
	name string
	done chan error
}

func newJob(name string) *job {
	return &job{name: name, done: make(chan error)}
}

func (j *job) finish(err error) {
	j.done <- err // want "GF204 (preview): send on j.done blocks forever: nothing in the package receives from done$"
}

// Every report adds to a buffer nothing reads: once it is full, report blocks.
type tracker struct {
	reports chan string
}

func newTracker(size int) *tracker { return &tracker{reports: make(chan string, size)} }

func (t *tracker) report(s string) {
	t.reports <- s // want "GF204 (preview): send on t.reports blocks forever: nothing in the package receives from reports: once its buffer is full"
}

// gofixer-test: preview
