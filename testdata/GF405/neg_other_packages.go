package negother

import (
	"bytes"
	"net/http"
	"sync"
)

// Types of other packages are not looked into (go vet, with types, may know better); a
// function-local type shadowing nothing is not the package's.
type Request struct {
	client http.Client
	body   bytes.Buffer
	once   func() *sync.Once
}

func (r Request) Len() int { return r.body.Len() }

func send(r Request, c http.Client) int { return r.Len() + int(c.Timeout) }

func Use() int {
	var r Request
	f := func(mu struct{ n int }) int { return mu.n }
	return send(r, http.Client{}) + f(struct{ n int }{1})
}
