package p

import (
	"os"
	"testing"
	"time"
)

// A helper of the package's tests kept in a non-test file: only checkQuiet, which takes a
// *testing.T, calls it, so a goroutine it strands lives only as long as the test binary.
func statWithin(path string, d time.Duration) bool {
	ok := make(chan bool) // want "GF201 (preview): the goroutine's send on unbuffered channel `ok` blocks forever once th"
	go func() {
		_, err := os.Stat(path)
		ok <- err == nil
	}()
	select {
	case v := <-ok:
		return v
	case <-time.After(d):
		return false
	}
}

func checkQuiet(t *testing.T, path string) {
	if !statWithin(path, time.Second) {
		t.Errorf("%s: not there within a second", path)
	}
}
