package fetchmain

import (
	"os"
	"testing"
	"time"
)

var stopped chan struct{}

func TestMain(m *testing.M) {
	stopped = make(chan struct{})
	close(stopped)
	code := m.Run()
	os.Exit(code)
}

func TestFirstStopped(t *testing.T) {
	if _, ok := First(stopped, 10*time.Millisecond); ok {
		t.Fatal("want no answer once stopped")
	}
}
