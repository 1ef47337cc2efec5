package fallback_name

import (
	"fmt"
	"sync"
)

type group struct {
	mu sync.Mutex
	wg sync.WaitGroup
}

func (g *group) waitGroup() *sync.WaitGroup { return &g.wg }

// workerWG comes from a call: recognised by its name, with Add and Wait in the same function.
func run(g *group, n int) {
	workerWG := g.waitGroup()
	for i := 0; i < n; i++ {
		workerWG.Add(1)
		go func() {
			fmt.Println(i)
			workerWG.Done() // want "GF401 (preview): `workerWG\.Done"
		}()
	}
	workerWG.Wait()
}

// A name that does not look like a WaitGroup stays unresolved: silent.
func quiet(g *group, n int) {
	pending := g.waitGroup()
	for i := 0; i < n; i++ {
		pending.Add(1)
		go func() {
			fmt.Println(i)
			pending.Done()
		}()
	}
	pending.Wait()
}

// gofixer-test: preview
