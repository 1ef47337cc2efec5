package crlf

import (
	"errors"
	"io"
	"net/http"
)

func get(u string) ([]byte, error) {
	resp, err := http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return io.ReadAll(resp.Body)
}
