// Package meter: atomic fields (typed, and the old function style) need no mutex.
package meter

import (
	"net/http"
	"sync/atomic"
)

// Meter counts requests.
type Meter struct {
	hits  atomic.Int64
	bytes int64
	last  atomic.Value
}

func (m *Meter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.hits.Add(1)
	atomic.AddInt64(&m.bytes, r.ContentLength)
	m.last.Store(r.URL.Path)
	w.WriteHeader(http.StatusNoContent)
}

// Reset zeroes the byte count.
func (m *Meter) Reset() {
	atomic.StoreInt64(&m.bytes, 0)
}
