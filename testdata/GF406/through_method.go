package through_method

import "sync"

type conn struct{ id int }

type Pool struct {
	mu    sync.Mutex
	idle  []*conn
	limit int
}

func (p *Pool) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.idle)
}

func (p *Pool) full() bool {
	return p.Len() >= p.limit
}

// Put holds p.mu while it asks Len, which locks p.mu itself.
func (p *Pool) Put(c *conn) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.Len() >= p.limit { // want "GF406: this call locks `p.mu` again \(Len: Lock at line 14\) while this path holds it \(p.mu.Lock\(\) at line 25\)"
		return
	}
	p.idle = append(p.idle, c)
}

// Two calls deep: Drop -> full -> Len.
func (p *Pool) Drop(c *conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.full() { // want "GF406: this call locks `p.mu` again \(full → Len: Lock at line 14\)"
		return false
	}
	for i, x := range p.idle {
		if x == c {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			return true
		}
	}
	return false
}

type stats struct {
	sync.Mutex
	hits int
}

func bump(s *stats) {
	s.Lock()
	s.hits++
	s.Unlock()
}

// A function handed the value locks its embedded mutex.
func (s *stats) reset() {
	s.Lock()
	defer s.Unlock()
	s.hits = 0
	bump(s) // want "GF406: this call locks `s` again \(bump: Lock at line 55\)"
}
