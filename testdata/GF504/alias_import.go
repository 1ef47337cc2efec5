package aliasimport

import (
	"errors"
	"io"
	nethttp "net/http"
)

func get(u string) ([]byte, error) {
	resp, err := nethttp.Get(u) // want "GF504: the \*http\.Response of nethttp\.Get is never closed, returned or passed "
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != nethttp.StatusOK {
		return nil, errors.New(resp.Status)
	}
	return io.ReadAll(resp.Body)
}
