package main

import (
	"errors"
	"fmt"
	"sync"
)

var (
	mu    sync.Mutex
	names = map[string]bool{}
)

// The file has CRLF line endings: the unlock the fix adds keeps them.
func claim(s string) error {
	mu.Lock() // want "GF404: the return at line 18 leaves with the lock held: mu\.Unlock\(\) is skipped"
	if names[s] {
		return errors.New("taken")
	}
	names[s] = true
	mu.Unlock()
	fmt.Println("claimed", s)
	return nil
}

func main() { _ = claim("x") }
