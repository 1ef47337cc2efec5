package old_unsafe

import (
	"errors"
	"fmt"
	"sync"
)

func work() error { return errors.New("x") }

// Done is not the last statement: the fix is unsafe either way and stays the classic one.
func branches() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if err := work(); err != nil {
			fmt.Println(err)
			wg.Done() // want "GF401 (preview): `wg\.Done\(\)` \(and 1 more\) is called directly instead of defer"
			return
		}
		fmt.Println("ok")
		wg.Done()
	}()
	wg.Wait()
}

// Another defer: Done would run after it.
func otherDefer(results chan<- int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer close(results)
		results <- 1
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	wg.Wait()
}

// The goroutine counts a goroutine of its own on the same group.
func nested() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("inner")
		}()
		fmt.Println("outer")
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	wg.Wait()
}

// gofixer-test: preview
