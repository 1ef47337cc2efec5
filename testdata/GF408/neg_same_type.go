package neg_same_type

import "sync"

type node struct {
	mu       sync.Mutex
	parent   *node
	children []*node
}

// A parent's and a child's mutex are two values of one class: the order between values of one
// type (parent before child) is not something the class can tell.
func (n *node) add(c *node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	c.mu.Lock()
	c.parent = n
	c.mu.Unlock()
	n.children = append(n.children, c)
}

func (n *node) detach() {
	n.mu.Lock()
	defer n.mu.Unlock()
	p := n.parent
	p.mu.Lock()
	p.children = nil
	p.mu.Unlock()
}

// Mutexes of function variables are left out.
func pair() {
	var a, b sync.Mutex
	a.Lock()
	b.Lock()
	b.Unlock()
	a.Unlock()
	b.Lock()
	a.Lock()
	a.Unlock()
	b.Unlock()
}
