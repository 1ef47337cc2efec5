package aliasimport

import (
	"io"
	nethttp "net/http"
)

func get(u string) ([]byte, error) {
	resp, err := nethttp.Get(u) // want "GF504"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}
