package readtoeof

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// The handlers of this test write headers only: net/http answers with an empty body.
func TestHeaders(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Host", r.Host)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	res, err := http.Get(srv.URL) // want "GF504 (preview): every handler this function serves writes no body"
	if err != nil {
		t.Fatal(err)
	}
	if res.Header.Get("X-Host") == "" {
		t.Error("no X-Host")
	}
	if _, err = http.Get(srv.URL); err != nil { // want "GF504 (preview): discarded.*writes no body"
		t.Fatal(err)
	}
}

// One handler writes a body: its responses hold their connections until read or closed.
func TestMixed(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "text")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/empty") // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		t.Errorf("status %d", res.StatusCode)
	}
}
