package failnow

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func mustWrite(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatalf("write %s: %v", path, err)
	}
}

func writeAll(t *testing.T, dir string, names []string) {
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			mustWrite(t, filepath.Join(dir, name), []byte(name))
			wg.Done() // want "GF401: `mustWrite` at line 22 calls `t.Fatalf`, which ends the goroutine when the test fails"
		}()
	}
	wg.Wait()
}

func TestReadBack(t *testing.T) {
	dir := t.TempDir()
	names := []string{"a", "b", "c"}
	writeAll(t, dir, names)

	mustRead := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var wg sync.WaitGroup
	for _, name := range names {
		wg.Add(1)
		go func() {
			if got := string(mustRead(name)); got != name {
				t.Errorf("read %q, want %q", got, name)
			}
			wg.Done() // want "GF401: `mustRead` at line 45 calls `t.Fatal`, which ends the goroutine"
		}()
	}
	wg.Wait()
}

func checkSize(tb testing.TB, path string, want int64) {
	fi, err := os.Stat(path)
	if err != nil {
		tb.Fatal(err)
	}
	if fi.Size() != want {
		tb.Errorf("%s: size %d, want %d", path, fi.Size(), want)
	}
}

func TestSizes(t *testing.T) {
	dir := t.TempDir()
	writeAll(t, dir, []string{"x"})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		checkSize(t, filepath.Join(dir, "x"), 1)
		wg.Done() // want "GF401: `checkSize` at line 70 calls `tb.Fatal`"
	}()
	wg.Wait()
}

// A goroutine that only reports with t.Errorf always reaches Done: not reported by default.
func TestLogsOnly(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		if _, err := os.Stat(t.TempDir()); err != nil {
			t.Errorf("stat: %v", err)
		}
		wg.Done() // want "GF401 (preview): `wg\.Done\(\)` is called directly instead of deferred: only a p"
	}()
	wg.Wait()
}
