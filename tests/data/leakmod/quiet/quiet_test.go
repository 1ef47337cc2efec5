package quiet

import (
	"context"
	"testing"
)

func TestUpper(t *testing.T) {
	got, err := Upper(context.Background(), "go")
	if err != nil || got != "GO" {
		t.Fatalf("Upper = %q, %v", got, err)
	}
}
