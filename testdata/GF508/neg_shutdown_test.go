package srvtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Tests drain their own servers however they like.
func TestShutdown(t *testing.T) {
	srv := &http.Server{Handler: http.NotFoundHandler()}
	ts := httptest.NewUnstartedServer(srv.Handler)
	ts.Start()
	defer ts.Close()
	if err := srv.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
