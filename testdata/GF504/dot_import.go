package dotimport

import (
	"io"
	. "net/http"
)

func get(u string) ([]byte, error) {
	resp, err := Get(u) // want "GF504"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func do(req *Request) (int, error) {
	resp, err := DefaultClient.Do(req) // want "GF504"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
