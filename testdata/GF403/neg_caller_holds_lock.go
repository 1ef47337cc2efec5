// Package reg: the list has no mutex of its own; its owner locks around every use.
package reg

import (
	"net/http"
	"sync"
)

type list struct {
	items []string
	n     int
}

func (l *list) push(s string) {
	l.items = append(l.items, s)
	l.n++
}

// Registry guards its list with its own mutex.
type Registry struct {
	mu   sync.Mutex
	list list
}

func (g *Registry) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.list.push(r.URL.Path)
}
