// Package registry: the type has a mutex, Add locks it, Reset forgot to.
package registry

import (
	"net/http"
	"sync"
)

// Registry remembers names.
type Registry struct {
	mu    sync.Mutex
	names map[string]bool
}

// Add remembers a name.
func (r *Registry) Add(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[name] = true
}

// Reset forgets every name.
func (r *Registry) Reset() {
	r.names = map[string]bool{} // want "GF403: `Registry\.names` is written without holding Registry's mutex while Reg"
}

// Handler adds the request's path, or resets on DELETE.
type Handler struct {
	reg *Registry
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method == http.MethodDelete {
		h.reg.Reset()
		return
	}
	h.reg.Add(req.URL.Path)
}
