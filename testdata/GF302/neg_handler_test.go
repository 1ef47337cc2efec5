package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHandler(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if context.Background().Err() != nil {
			t.Error("cancelled")
		}
	}))
	defer srv.Close()
}
