package negexpect

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestBadURL(t *testing.T) {
	_, err := http.Get("http://bad host/")
	if err == nil {
		t.Fatal("expected an error")
	}
}

func TestErrorText(t *testing.T) {
	_, err := http.DefaultClient.Get("foo://x")
	if !strings.Contains(err.Error(), "unsupported protocol") {
		t.Errorf("got %v", err)
	}
}

func TestClosedServer(t *testing.T) {
	res, err := http.Get("http://127.0.0.1:1/")
	if err == nil {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("unexpected response: %v, %s", res.Status, body)
	}
}

func TestSideEffect(t *testing.T) {
	c := &http.Client{}
	c.Get("http://dummy.invalid/") // a bare call in a test: for its side effects
}

func TestDiscardedWithoutCheck(t *testing.T) {
	_, err := http.Head("http://dummy.invalid/")
	t.Log(err)
}
