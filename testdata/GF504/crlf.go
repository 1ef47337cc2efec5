package crlf

import (
	"io"
	"net/http"
)

func get(u string) ([]byte, error) {
	resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
