package pointer_and_field

import (
	"fmt"
	gosync "sync"
)

func pointer(items []string) {
	wg := &gosync.WaitGroup{}
	for _, it := range items {
		wg.Add(1)
		go func() {
			fmt.Println("processing", it)

			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

func allocated(items []string) {
	wg := new(gosync.WaitGroup)
	for _, it := range items {
		wg.Add(1)
		go func() {
			// report the item
			fmt.Println("processing", it)
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
		}()
	}
	wg.Wait()
}

type pool struct {
	wg   gosync.WaitGroup
	jobs chan int
}

func (p *pool) start(n int) {
	for range n {
		p.wg.Add(1)
		go func() {
			for j := range p.jobs {
				if j < 0 {
					return
				}
				fmt.Println("job", j)
			}
			p.wg.Done() // want "GF401: `p\.wg\.Done\(\)` is called directly instead of deferred: the re"
		}()
	}
}

func (p *pool) stop() {
	close(p.jobs)
	p.wg.Wait()
}

// gofixer-test: preview
