package dotimport

import (
	"errors"
	"io"
	. "net/http"
)

func get(u string) ([]byte, error) {
	resp, err := Get(u) // want "GF504: the \*http\.Response of Get is never closed, returned or passed on"
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != StatusOK {
		return nil, errors.New(resp.Status)
	}
	return io.ReadAll(resp.Body)
}

func do(req *Request) (int, error) {
	resp, err := DefaultClient.Do(req) // want "GF504: the \*http\.Response of DefaultClient\.Do is never closed, returned or pa"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
