package main

import (
	"fmt"
	"sync"
)

var (
	mu  sync.Mutex
	log []string
)

// A call under the lock, but the Unlock is not the function's last statement, the Lock is in
// a loop, or another defer would change order: reported only when the fix can be made.
func flush(items []string) {
	for _, it := range items {
		mu.Lock()
		log = append(log, fmt.Sprint(it))
		mu.Unlock()
	}
}

func snapshot() []string {
	mu.Lock()
	out := fmt.Sprint(log)
	mu.Unlock()
	return []string{out}
}

func withCleanup(done func()) {
	mu.Lock()
	defer done()
	fmt.Println(len(log))
	mu.Unlock()
}

func commented() {
	mu.Lock()
	fmt.Println(len(log))
	mu.Unlock() // release before the next tick
}

func main() {
	flush([]string{"a"})
	fmt.Println(snapshot())
	withCleanup(func() {})
	commented()
}
