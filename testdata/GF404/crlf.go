package main

import (
	"fmt"
	"sync"
)

var mu sync.Mutex

func show(s string) {
	mu.Lock() // want "GF404: fmt\.Println\(\) may panic between mu\.Lock\(\) and mu\.Unlock\(\): i"
	fmt.Println(s)
	mu.Unlock()
}

func main() { show("x") }
