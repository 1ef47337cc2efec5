// Package pool: `go p.work()` started in a loop; the method itself is the goroutine. Existing
// imports get sync added in order.
package pool

import (
	"fmt"
)

// Pool runs jobs.
type Pool struct {
	done   int
	failed []string
	jobs   chan string
}

func (p *Pool) work() {
	for j := range p.jobs {
		if err := run(j); err != nil {
			p.record(j)
			continue
		}
		p.finish()
	}
}

func (p *Pool) record(job string) {
	p.failed = append(p.failed, job) // want "GF403: `Pool\.failed` is written without a lock while Pool is shared between g"
}

func (p *Pool) finish() {
	p.done++ // want "GF403: `Pool\.done` is written without a lock while Pool is shared between gor"
}

// Start starts n workers.
func Start(n int) *Pool {
	p := &Pool{jobs: make(chan string)}
	for i := 0; i < n; i++ {
		go p.work()
	}
	return p
}

func run(job string) error {
	if job == "" {
		return fmt.Errorf("empty job")
	}
	return nil
}
