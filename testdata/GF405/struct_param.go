package structparam

import (
	"fmt"
	"sync"
)

type cache struct {
	mu    sync.Mutex
	items map[string]int
}

type holder struct {
	c   cache
	all []cache
}

// dump copies the cache, mutex included, at each call.
func dump(c cache, prefix string) string { // want "GF405: parameter c of type cache, which contains sync\.Mutex"
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprint(prefix, len(c.items))
}

func Use(h *holder) string {
	local := cache{items: map[string]int{}}
	s := dump(local, "a")
	s += dump(h.c, "b")
	s += dump(cache{}, "c")
	p := &h.c
	s += dump(*p, "d")
	return s
}
