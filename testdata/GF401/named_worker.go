package named_worker

import (
	"fmt"
	"sync"
)

type Pool struct {
	jobs chan int
	wg   sync.WaitGroup
}

func worker(id int, jobs <-chan int, wg *sync.WaitGroup) {
	for j := range jobs {
		fmt.Println(id, j)
	}
	wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
}

func Run(n int, jobs chan int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go worker(i, jobs, &wg)
	}
	close(jobs)
	wg.Wait()
}

func (p *Pool) loop() {
	for j := range p.jobs {
		if j < 0 {
			return
		}
		fmt.Println(j)
	}
	p.wg.Done() // want "GF401: `p\.wg\.Done\(\)` is called directly instead of deferred: the re"
}

func (p *Pool) Start(n int) {
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go p.loop()
	}
}

func (p *Pool) Stop() {
	close(p.jobs)
	p.wg.Wait()
}

// gofixer-test: preview
