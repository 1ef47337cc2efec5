package leaktest

import (
	"io"
	"net/http"
	"testing"
)

func TestEcho(t *testing.T) {
	c := &http.Client{}
	res, err := c.Get("http://127.0.0.1:1/") // want "GF504: the \*http\.Response of c\.Get is never closed, returned or passed on"
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "ok" {
		t.Errorf("got %q", b)
	}
}
