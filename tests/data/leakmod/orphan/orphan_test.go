package orphan

import "testing"

func TestFirst(t *testing.T) {
	if got := First([]string{"a", "b"}); got != "a!" {
		t.Fatalf("First = %q", got)
	}
}
