// Package stringer: a value-receiver method copies the struct, so adding a mutex would make go
// vet's copylocks fail: reported without a fix.
package stringer

import (
	"fmt"
	"sync"
)

// Gauge holds a level.
type Gauge struct {
	level int
}

// Set sets the level.
func (g *Gauge) Set(v int) {
	g.level = v // want "GF403: `Gauge\.level` is written without a lock while Gauge is shared between "
}

func (g Gauge) String() string { return fmt.Sprint(g.level) }

// SetAll sets the level from many goroutines.
func SetAll(g *Gauge, vs []int) {
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g.Set(v)
		}()
	}
	wg.Wait()
}
