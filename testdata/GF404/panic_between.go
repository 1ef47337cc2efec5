package main

import (
	"fmt"
	"sync"
)

var (
	driversMu sync.Mutex
	drivers   = map[string]func() error{}
)

// Register panics on a duplicate while holding the lock, and load recovers the panic to report
// a bad plugin: the registry then stays locked for good.
func Register(name string, d func() error) {
	driversMu.Lock() // want "GF404: the panic at line 18 between driversMu\.Lock\(\) and driversMu\.Unlock\(\) is recovered by the deferred recover in load: the lock stays held"
	if _, dup := drivers[name]; dup {
		panic("Register called twice for " + name)
	}
	drivers[name] = d
	driversMu.Unlock()
}

func load(name string, d func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("plugin %s: %v", name, r)
		}
	}()
	Register(name, d)
	return nil
}

func main() { fmt.Println(load("x", nil)) }
