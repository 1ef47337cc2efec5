package neg_handoff_synchronised

import (
	"fmt"
	"sync"
)

func index(path string, wg *sync.WaitGroup) {
	defer wg.Done()
	fmt.Println("index", path)
}

// The starter waits for the goroutine to say it has counted its worker before it waits.
func indexAll(paths []string) {
	var wg sync.WaitGroup
	ready := make(chan struct{})
	go func() {
		fmt.Println("indexing", len(paths))
		wg.Add(len(paths))
		for _, p := range paths {
			go index(p, &wg)
		}
		close(ready)
	}()
	<-ready
	wg.Wait()
}

// The goroutine is counted by its starter; the Add inside it is for its children.
func counted(paths []string) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		fmt.Println("first", paths[0])
		wg.Add(1)
		go index(paths[0], &wg)
		wg.Done()
	}()
	wg.Wait()
}
