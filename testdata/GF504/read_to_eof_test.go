package readtoeof

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestBody(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok")
	}))
	defer srv.Close()

	res, err := http.Get(srv.URL) // want "GF504 (preview): read to EOF on every path"
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		// the test has failed: what it leaves behind from here is not its problem
		t.Errorf("status %d", res.StatusCode)
		return
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "ok" {
		t.Errorf("body %q", b)
	}
}

func TestHeaderOnly(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Id", "7")
		io.WriteString(w, "payload")
	}))
	defer srv.Close()

	res, err := http.Get(srv.URL) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		t.Fatal(err)
	}
	if got := res.Header.Get("X-Id"); got != "7" {
		t.Errorf("X-Id %q", got)
	}
}
