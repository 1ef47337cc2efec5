package negunknown

import (
	"context"
	"net/http"
	"net/http/httptest"
)

// apiClient is a custom client whose Do decodes and closes the body itself.
type apiClient struct {
	hc *http.Client
}

func (c *apiClient) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func (c *apiClient) Get(u string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

type wrapper struct {
	client *apiClient
}

type other struct {
	client *http.Client
}

func custom(c *apiClient, u string) int {
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func customField(w *wrapper, o *other, u string) int {
	resp, err := w.client.Get(u) // `client` is an *http.Client in other, not in wrapper
	if err != nil {
		return 0
	}
	_ = o
	return resp.StatusCode
}

func constructor(u string) int {
	c := newClient()
	resp, err := c.Get(u)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}

func newClient() *apiClient { return &apiClient{hc: http.DefaultClient} }

func testServer(ts *httptest.Server) int {
	resp, err := ts.Client().Get(ts.URL)
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
