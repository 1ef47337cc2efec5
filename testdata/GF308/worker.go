// Package jobs has a worker that runs until Stop closes its quit channel.
package jobs

type Worker struct {
	tasks chan func()
	quit  chan struct{}
}

func NewWorker() *Worker {
	return &Worker{tasks: make(chan func()), quit: make(chan struct{})}
}

func (w *Worker) Start() {
	go func() {
		for {
			select {
			case t := <-w.tasks:
				t()
			case <-w.quit:
				return
			}
		}
	}()
}

func (w *Worker) Stop() { close(w.quit) }

func (w *Worker) Do(t func()) { w.tasks <- t }

func RunAll(ts []func()) {
	w := NewWorker()
	w.Start() // want "GF308 (preview): w.Start\(\) starts a goroutine that ends only when Stop closes w.quit, and this function never calls w.Stop\(\) nor hands w on: the goroutine leaks when it returns"
	for _, t := range ts {
		w.Do(t)
	}
}

func RunEach(batches [][]func()) {
	for _, b := range batches {
		w := NewWorker()
		w.Start() // want "GF308 (preview): w.Start\(\) starts a goroutine.*no fix: inside a loop"
		for _, t := range b {
			w.Do(t)
		}
	}
}
