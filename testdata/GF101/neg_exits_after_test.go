package p

import (
	"os"
	"os/exec"
	"testing"
)

// The test re-runs its own binary as a child that spins a busy goroutine, then exits: the
// goroutine dies with the child process.
func TestChildUnderLoad(t *testing.T) {
	if os.Getenv("BE_CHILD") == "1" {
		spins := 0
		go func() {
			for {
				spins++
			}
		}()
		os.Exit(3)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildUnderLoad$")
	cmd.Env = append(os.Environ(), "BE_CHILD=1")
	if err := cmd.Run(); err == nil {
		t.Fatal("the child exited cleanly")
	}
}
