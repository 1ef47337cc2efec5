// Package hits: an http.Handler whose ServeHTTP writes a map; requests are served concurrently.
package hits

import (
	"fmt"
	"net/http"
)

// Hits counts requests per path.
type Hits struct {
	total  int
	byPath map[string]int
}

// NewHits returns an empty counter.
func NewHits() *Hits {
	return &Hits{byPath: make(map[string]int)}
}

func (h *Hits) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.total++ // want "GF403: `Hits\.total` is written without a lock while Hits is shared between go"
	h.byPath[r.URL.Path]++
	fmt.Fprintf(w, "%d\n", h.byPath[r.URL.Path])
}

// Reset forgets every path.
func (h *Hits) Reset() {
	for k := range h.byPath {
		delete(h.byPath, k)
	}
	h.total = 0
}
