package p

import (
	"sync"
	"time"
)

var (
	cacheMu sync.Mutex
	cache   = map[string]string{}
)

// The sweeper works on the package's cache only: a background worker of the package, which
// leaks only if Enable runs more than once. Who calls Enable is not known here, so this is a
// preview finding, silent by default.
func Enable() {
	go sweep() // want "GF101 (preview): the goroutine sweep's loop at line 21 never ends, and it uses only pac"
}

func sweep() {
	for {
		time.Sleep(time.Minute)
		cacheMu.Lock()
		clear(cache)
		cacheMu.Unlock()
	}
}
