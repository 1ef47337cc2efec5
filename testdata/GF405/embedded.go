package embedded

import (
	gosync "sync"
	"sync/atomic"
)

type guarded struct {
	gosync.RWMutex
}

type service struct {
	guarded
	name string
}

// Name copies the embedded RWMutex (through guarded) with the service.
func (s service) Name() string { // want "GF405: method Name has a value receiver of type service, which contains sync\."
	s.RLock()
	defer s.RUnlock()
	return s.name
}

type stats struct {
	inner struct {
		hits [2]atomic.Int64
	}
}

func (st stats) Hits() int64 { // want "GF405: method Hits has a value receiver of type stats, which contains sync/at"
	return st.inner.hits[0].Load() + st.inner.hits[1].Load()
}

func Use() (string, int64) {
	s := &service{name: "x"}
	var st stats
	return s.Name(), st.Hits()
}
