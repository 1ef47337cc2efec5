package idle

import "sync"

// Nothing is ever added: Wait returns at once.
func settle() {
	var wg sync.WaitGroup
	wg.Wait()
}

// gofixer-test: preview
