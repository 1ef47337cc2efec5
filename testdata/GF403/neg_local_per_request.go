// Package perreq: every request and every goroutine makes its own value: not shared.
package perreq

import (
	"fmt"
	"net/http"
	"strings"
)

type builder struct {
	parts []string
	size  int
}

func (b *builder) add(s string) {
	b.parts = append(b.parts, s)
	b.size += len(s)
}

func (b *builder) String() string { return strings.Join(b.parts, ",") }

// Handle builds a reply per request.
func Handle(w http.ResponseWriter, r *http.Request) {
	b := &builder{}
	for k := range r.URL.Query() {
		b.add(k)
	}
	fmt.Fprint(w, b.String())
}

// Background builds in its own goroutine.
func Background(items []string, done chan<- string) {
	go func() {
		var b builder
		for _, s := range items {
			b.add(s)
		}
		done <- b.String()
	}()
}
