package cancelled

import (
	"context"
	"net/http"
	"time"
)

// probe only wants the status: the deferred cancel aborts the body when it returns, which
// closes the connection instead of handing it back for reuse.
func probe(c *http.Client, url string) (int, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want "GF504 (preview): its request's context is cancelled on every path"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func firstByte(c *http.Client, url string) (byte, error) {
	ctx, stop := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		stop()
		return 0, err
	}
	resp, err := c.Do(req) // want "GF504 (preview): its request's context is cancelled on every path"
	if err != nil {
		stop()
		return 0, err
	}
	b := make([]byte, 1)
	_, err = resp.Body.Read(b)
	stop()
	return b[0], err
}

// status makes its request with a context it does not cancel: the body holds the connection.
func status(ctx context.Context, c *http.Client, url string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want "GF504: the \*http\.Response of c\.Do is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
