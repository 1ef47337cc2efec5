// Package fetch calls other services over HTTP on behalf of its callers.
package fetch

import (
	"context"
	"io"
	"net/http"
	"strings"
)

type Client struct {
	base string
	http *http.Client
}

func (c *Client) Item(ctx context.Context, id string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, c.base+"/items/"+id, nil) // want "GF303: http.NewRequest\(…\) cannot be cancelled: the request is sent without ctx.*use http.NewRequestWithContext\(ctx, …\)"
	if err != nil {
		return nil, err
	}
	return c.http.Do(req)
}

func Health(ctx context.Context, url string) (int, error) {
	resp, err := http.Get(url + "/healthz") // want "GF303: http.Get\(…\) cannot be cancelled: the request goes on after ctx is done \(and the default client has no timeout\); send a request made with http.NewRequestWithContext\(ctx, …\)"
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

func (c *Client) Upload(ctx context.Context, name, text string) error {
	resp, err := c.http.Post(c.base+"/files/"+name, "text/plain", strings.NewReader(text)) // want "GF303: c.http.Post\(…\) cannot be cancelled: the request goes on after ctx is done;"
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// Later builds the request now and sends it later: the context is given then.
func (c *Client) Later(ctx context.Context, id string) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodGet, c.base+"/items/"+id, nil)
	if err != nil {
		return nil, err
	}
	return req.WithContext(ctx), nil
}
