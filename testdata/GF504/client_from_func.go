package clientfunc

import (
	"net/http"
	"time"
)

type api struct {
	hc *http.Client
}

func newClient() *http.Client {
	return &http.Client{Timeout: 10 * time.Second}
}

func (a *api) client() *http.Client { return a.hc }

func viaFunc(u string) (int, error) {
	resp, err := newClient().Get(u) // want "GF504: the \*http\.Response of newClient"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func viaVariable(u string) (int, error) {
	c := newClient()
	resp, err := c.Get(u) // want "GF504: the \*http\.Response of c\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func viaMethod(a *api, req *http.Request) (int, error) {
	resp, err := a.client().Do(req) // want "GF504: the \*http\.Response of a\.client"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func closed(u string) (int, error) {
	resp, err := newClient().Get(u)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
