package negshadowed

import (
	"net/http"
)

type fakeHTTP struct{}

type reply struct{ StatusCode int }

func (fakeHTTP) Get(string) (*reply, error) { return &reply{}, nil }

func shadowed(u string) int {
	http := fakeHTTP{}
	resp, err := http.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func handler(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

var _ = handler
