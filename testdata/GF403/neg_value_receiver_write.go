// Package lost: a value receiver writing its copy is a different bug (the write is lost).
package lost

import "sync"

type point struct{ x, y int }

func (p point) move(dx int) point {
	p.x += dx
	return p
}

// Walk moves points concurrently.
func Walk(ps []point) {
	var wg sync.WaitGroup
	for i := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ps[i] = ps[i].move(1)
		}()
	}
	wg.Wait()
}
