package leaktest

import (
	"net/http"
	"testing"
)

func TestEcho(t *testing.T) {
	c := &http.Client{}
	res, err := c.Get("http://127.0.0.1:1/") // want "GF504: the \*http\.Response of c\.Get is never closed, returned or passed on"
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Header.Get("Content-Type"); got != "text/plain" {
		t.Errorf("got %q", got)
	}
}
