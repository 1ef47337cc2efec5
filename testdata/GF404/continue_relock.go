package main

import (
	"fmt"
	"sync"
)

var (
	mu   sync.Mutex
	seen = map[string]bool{}
)

// The continue goes round to Lock again with the lock held: the second item deadlocks.
func record(items []string) {
	for _, it := range items {
		mu.Lock() // want "GF404: the continue at line 18 goes round to mu\.Lock"
		if seen[it] {
			continue
		}
		seen[it] = true
		mu.Unlock()
		fmt.Println(it)
	}
}

func main() { record([]string{"a", "a"}) }
