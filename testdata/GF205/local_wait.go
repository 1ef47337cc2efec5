package upload

import "sync"

func send(name string) { _ = name }

// The goroutines never call Done: Wait blocks as soon as one file was counted.
func uploadAll(names []string) {
	var wg sync.WaitGroup
	for _, n := range names {
		wg.Add(1)
		go func(n string) {
			send(n)
		}(n)
	}
	wg.Wait() // want "GF205 (preview): wg.Wait\(\) blocks forever once Add has run: nothing in the package calls Done on wg"
}

// A condition variable nobody can signal: it lives only in this goroutine.
func park(ready func() bool) {
	go func() {
		c := sync.NewCond(&sync.Mutex{})
		c.L.Lock()
		for !ready() {
			c.Wait() // want "GF205 (preview): c.Wait\(\) blocks forever: nothing in the package calls Signal or Broadcast on c"
		}
		c.L.Unlock()
	}()
}

// gofixer-test: preview
