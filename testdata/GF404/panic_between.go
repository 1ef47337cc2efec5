package main

import "sync"

var (
	driversMu sync.Mutex
	drivers   = map[string]func() error{}
)

// Register panics on a duplicate while holding the lock: a test that recovers the panic
// leaves the registry locked.
func Register(name string, d func() error) {
	driversMu.Lock() // want "GF404: panic\(\) may panic between driversMu\.Lock\(\) and driversMu\.Unl"
	if _, dup := drivers[name]; dup {
		panic("Register called twice for " + name)
	}
	drivers[name] = d
	driversMu.Unlock()
}

func main() { Register("x", nil) }
