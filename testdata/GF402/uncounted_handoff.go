package uncounted_handoff

import (
	"fmt"
	"sync"
)

func resize(path string, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Println("resize", path)
}

// Each goroutine counts the worker it starts, but nothing counts the goroutine itself: Wait can
// run before any of the Adds.
func resizeAll(paths []string) {
	var wg sync.WaitGroup
	for _, p := range paths {
		go func() {
			wg.Add(1) // want "GF402 (preview): `wg.Add\(1\)` runs inside a goroutine that nothing counts: `wg.Wait\(\)` can return before it runs"
			go resize(p, &wg)
		}()
	}
	wg.Wait()
}

// gofixer-test: preview
