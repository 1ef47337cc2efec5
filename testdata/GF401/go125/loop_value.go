package loop_value

import (
	"fmt"
	"sync"
)

func fulfil(id string) error {
	if id == "" {
		return fmt.Errorf("empty id")
	}
	return nil
}

func process(ids []string) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if err := fulfil(id); err != nil {
				fmt.Println(err)
				return
			}
			fmt.Println("fulfilled", id)
			wg.Done() // want "GF401: `wg\.Done\(\)` is called directly instead of deferred: the retu"
		}()
	}
	wg.Wait()
}

// Two goroutines, each counted right before it starts.
func pair() {
	var wg sync.WaitGroup
	wg.Add(1) // the reader
	go func() {
		fmt.Println("read")
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	// the writer
	wg.Add(1)
	go func() {
		fmt.Println("write")
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	wg.Wait()
}

// gofixer-test: preview
