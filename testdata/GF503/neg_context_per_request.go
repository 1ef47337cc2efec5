package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Client calls the inventory service. Every call takes the caller's context, which is where
// its deadline comes from: a fixed Timeout on the http.Client would cut the long exports short.
type Client struct {
	base string
	hc   *http.Client
}

func New(base string, rt http.RoundTripper) *Client {
	return &Client{base: base, hc: &http.Client{Transport: rt}}
}

func (c *Client) Item(ctx context.Context, id string) (map[string]any, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/items/"+id, nil)
	if err != nil {
		return nil, err
	}
	return c.do(req)
}

func (c *Client) Export(ctx context.Context, req *http.Request) (map[string]any, error) {
	return c.do(req.WithContext(ctx))
}

func (c *Client) do(req *http.Request) (map[string]any, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", req.URL, resp.Status)
	}
	var v map[string]any
	return v, json.NewDecoder(resp.Body).Decode(&v)
}
