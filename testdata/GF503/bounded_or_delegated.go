package fetch

import (
	"context"
	"io"
	"net/http"
	"time"
)

// Profiles can take as long as the requested duration: the transport gives up only on a server
// that sends no headers in time, so the body is allowed to take longer.
func profile(source string, d time.Duration) ([]byte, error) {
	client := &http.Client{ // want "GF503 (preview): its Transport's ResponseHeaderTimeout already gives up"
		Transport: &http.Transport{
			ResponseHeaderTimeout: d + 5*time.Second,
			Proxy:                 http.ProxyFromEnvironment,
		},
	}
	resp, err := client.Get(source)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

type retrying struct {
	inner    *http.Client
	attempts int
}

func (r *retrying) RoundTrip(req *http.Request) (*http.Response, error) {
	var resp *http.Response
	var err error
	for i := 0; i < r.attempts; i++ {
		if resp, err = r.inner.Transport.RoundTrip(req); err == nil {
			return resp, nil
		}
	}
	return nil, err
}

// Standard wraps the retrying client: each attempt is bounded by the inner client, and a
// Timeout here would cut the retries short.
func Standard(inner *http.Client) *http.Client {
	return &http.Client{Transport: &retrying{inner: inner, attempts: 3}} // want "GF503 (preview): a RoundTripper of this package"
}

// Mirror hands the response body to the caller, who copies a file of any size from it.
func Mirror(url string) (io.ReadCloser, error) {
	c := &http.Client{} // want "GF503 (preview): no fix: its responses are handed to callers"
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// Ping makes a request without any context: nothing bounds it.
func Ping(ctx context.Context, url string) error {
	c := &http.Client{Transport: http.DefaultTransport} // want "GF503 (preview): blocks the caller forever$"
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
