package main

import (
	"net/http"
	"testing"
)

func TestListen(t *testing.T) {
	go func() { _ = http.ListenAndServe("127.0.0.1:0", nil) }()
}
