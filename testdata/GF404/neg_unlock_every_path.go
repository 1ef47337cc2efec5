package main

import (
	"errors"
	"fmt"
	"sync"
)

type Pool struct {
	mu    sync.Mutex
	free  []int
	stats map[string]int
}

// Every early return unlocks first, and the Unlock is followed by work that must not run
// under the lock: a narrow critical section written on purpose.
func (p *Pool) Get() (int, error) {
	p.mu.Lock()
	if len(p.free) == 0 {
		p.mu.Unlock()
		return 0, errors.New("empty")
	}
	n := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	p.stats[fmt.Sprint(n)]++
	p.mu.Unlock()
	fmt.Println("got", n)
	return n, nil
}

func main() {
	p := &Pool{free: []int{1}, stats: map[string]int{}}
	fmt.Println(p.Get())
}
