package negclosurefirst

import (
	"io"
	"net/http"
)

// The response variable is declared first and closed by a deferred closure set up before the call.
func closedByEarlierDefer(u string) ([]byte, error) {
	var resp *http.Response
	defer func() {
		if resp != nil {
			resp.Body.Close()
		}
	}()
	var err error
	resp, err = http.Get(u)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

// Retried in a loop; the last response is closed after the loop.
func retried(u string) error {
	var resp *http.Response
	var err error
	for i := 0; i < 3; i++ {
		resp, err = http.Get(u)
		if err == nil {
			break
		}
	}
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Not a client: a local type with a Get method, declared in the function.
type store struct{}

func (store) Get(string) (*http.Response, error) { return nil, nil }

func notAClient(u string) int {
	client := store{}
	resp, err := client.Get(u)
	if err != nil || resp == nil {
		return 0
	}
	return resp.StatusCode
}

// A parameter named like a client but of another type.
func otherParam(client store, u string) int {
	resp, err := client.Get(u)
	if err != nil || resp == nil {
		return 0
	}
	return resp.StatusCode
}
