package old_goroutine_args

import (
	"fmt"
	"sync"
)

// wg.Go takes a func(): a literal with parameters keeps the classic fix.
func withArgs(n int) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			if i%2 == 0 {
				return
			}
			fmt.Println(i)
			wg.Done() // want "GF401: `wg\.Done\(\)` is called directly instead of deferred: the retu"
		}(i)
	}
	wg.Wait()
}

type server struct {
	wg sync.WaitGroup
}

func (s *server) loop() {
	fmt.Println("serving")
	s.wg.Done() // want "GF401 (preview): `s\.wg\.Done\(\)` is called directly instead of deferred: only a"
}

// A named method started with go: the Add stays with the caller.
func (s *server) start() {
	s.wg.Add(1)
	go s.loop()
}

func (s *server) wait() { s.wg.Wait() }

// gofixer-test: preview
