package worse

import (
	"testing"
	"time"
)

func TestWaitGivesUp(t *testing.T) {
	if Wait(time.Millisecond, 20*time.Millisecond) {
		t.Fatal("want a timeout")
	}
}
