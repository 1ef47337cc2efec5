package struct_field

import (
	"fmt"
	"sync"
)

type fanout struct {
	wg  sync.WaitGroup
	out chan string
}

func (f *fanout) send(msgs []string) {
	for _, m := range msgs {
		go func() {
			f.wg.Add(1) // want "GF402: `f\.wg\.Add\(1\)` runs inside the goroutine it counts: `f\.wg\.Wai"
			defer f.wg.Done()
			defer fmt.Println("sent", m)
			f.out <- m
		}()
	}
}

func (f *fanout) wait() {
	f.wg.Wait()
	close(f.out)
}
