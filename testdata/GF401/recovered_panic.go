package recovered

import (
	"log"
	"sync"
)

type job func() error

// Each worker recovers a panicking job so that one bad job does not bring the process down,
// but its Done is skipped then and Wait never returns.
func runAll(jobs []job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					log.Printf("job panicked: %v", r)
				}
			}()
			if err := j(); err != nil {
				log.Print(err)
			}
			wg.Done() // want "GF401: a panic that the deferred recover\(\) at line 18 catches skips it"
		}()
	}
	wg.Wait()
}

type pool struct {
	wg sync.WaitGroup
}

func (p *pool) logPanic() {
	if r := recover(); r != nil {
		log.Printf("task panicked: %v", r)
	}
}

func (p *pool) submit(task func()) {
	p.wg.Add(1)
	go func() {
		defer p.logPanic()
		task()
		p.wg.Done() // want "GF401: a panic that the deferred recover\(\) at line 36 catches skips it"
	}()
}

func (p *pool) wait() { p.wg.Wait() }
