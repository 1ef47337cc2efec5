package main

import (
	"net/http"
	"regexp"
	"sync"
)

type Router struct {
	mu     sync.Mutex
	routes map[string]*regexp.Regexp
}

// add compiles a pattern the client sent; MustCompile panics on a bad one, net/http recovers
// the handler's panic, and every later request waits for r.mu forever.
func (r *Router) add(name, pattern string) {
	r.mu.Lock() // want "GF404: a panic in regexp\.MustCompile\(\) at line 18 between r\.mu\.Lock\(\) and r\.mu\.Unlock\(\) is recovered by net/http, which recovers a handler.s panic \(ServeHTTP serves HTTP\)"
	r.routes[name] = regexp.MustCompile(pattern)
	r.mu.Unlock()
}

func (r *Router) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.add(req.FormValue("name"), req.FormValue("pattern"))
	w.WriteHeader(http.StatusCreated)
}

func main() {
	r := &Router{routes: map[string]*regexp.Regexp{}}
	_ = http.ListenAndServe("localhost:8080", r)
}
