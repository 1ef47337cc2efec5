// Package fetch_test: in a test the context at hand is the test's timeout and the server a
// local one, so its calls are a preview variant, not reported by default.
package fetch_test

import (
	"context"
	"net/http"
	"testing"
	"time"
)

func TestServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_ = ctx
	resp, err := http.Get("http://127.0.0.1:8080/healthz") // want "GF303 (preview): http\.Get\(…\) cannot be cancelled: the request goes on after c"
	if err != nil {
		t.Skip(err)
	}
	resp.Body.Close()
}
