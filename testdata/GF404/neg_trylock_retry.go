package main

import (
	"fmt"
	"sync"
)

type Node struct {
	mu   sync.Mutex
	dead bool
	next *Node
}

func tick(n *Node) {
	if !n.mu.TryLock() {
		return
	}
	fmt.Println(n.dead)
	n.mu.Unlock()
}

// find returns with n.mu held; the Unlock only lets the loop try again.
func find(root *Node) *Node {
	for {
		n := root.next
		fmt.Println("try")
		n.mu.Lock()
		if !n.dead {
			return n
		}
		n.mu.Unlock()
	}
}

func main() {
	root := &Node{}
	root.next = root
	tick(root)
	n := find(root)
	n.mu.Unlock()
}
