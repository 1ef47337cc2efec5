// Package pricing talks to the upstream pricing service.
package pricing

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrTimeout is returned when the pricing service does not answer in time.
var ErrTimeout = errors.New("pricing: upstream timed out")

// Client fetches unit prices (in cents) from the pricing service.
type Client struct {
	baseURL string
	timeout time.Duration
	hc      *http.Client
}

// NewClient returns a client for the service at baseURL.
func NewClient(baseURL string, timeout time.Duration) *Client {
	return &Client{
		baseURL: strings.TrimRight(baseURL, "/"),
		timeout: timeout,
		hc:      &http.Client{Transport: http.DefaultTransport},
	}
}

// Ping reports whether the pricing service answers its health check.
func (c *Client) Ping() error {
	resp, err := c.hc.Get(c.baseURL + "/healthz")
	if err != nil {
		return fmt.Errorf("pricing: ping: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("pricing: ping: %s", resp.Status)
	}
	return nil
}

// fetch performs one GET /price/{sku} and parses the plain-text body.
func (c *Client) fetch(sku string) (int64, error) {
	resp, err := http.Get(c.baseURL + "/price/" + url.PathEscape(sku))
	if err != nil {
		return 0, fmt.Errorf("pricing: get %s: %w", sku, err)
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("pricing: get %s: unexpected status %s", sku, resp.Status)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, fmt.Errorf("pricing: read %s: %w", sku, err)
	}
	cents, err := strconv.ParseInt(strings.TrimSpace(string(body)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("pricing: bad price for %s: %w", sku, err)
	}
	return cents, nil
}

// Quote returns the total price for qty units of sku, or ErrTimeout if the
// upstream is slower than the client's timeout.
func (c *Client) Quote(sku string, qty int) (int64, error) {
	type quote struct {
		cents int64
		err   error
	}
	ch := make(chan quote)
	go func() {
		cents, err := c.fetch(sku)
		ch <- quote{cents: cents, err: err}
	}()

	select {
	case q := <-ch:
		if q.err != nil {
			return 0, q.err
		}
		return q.cents * int64(qty), nil
	case <-time.After(c.timeout):
		return 0, ErrTimeout
	}
}
