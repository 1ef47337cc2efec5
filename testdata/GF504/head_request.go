package headrequest

import (
	"context"
	"fmt"
	"net/http"
)

// A HEAD response has no body: the transport hands back http.NoBody and reuses the
// connection at once. Only the preview tier asks for the Close.

func exists(u string) (bool, error) {
	resp, err := http.Head(u) // want "GF504 (preview): a HEAD response has no body"
	if err != nil {
		return false, err
	}
	return resp.StatusCode == http.StatusOK, nil
}

func size(ctx context.Context, c *http.Client, u string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want "GF504 (preview): a HEAD response has no body"
	if err != nil {
		return 0, fmt.Errorf("head %s: %w", u, err)
	}
	return resp.ContentLength, nil
}

func reachable(u string) error {
	_, err := http.Head(u) // want "GF504 (preview): discarded.*a HEAD response has no body"
	if err != nil {
		return fmt.Errorf("head %s: %w", u, err)
	}
	return nil
}

func get(ctx context.Context, c *http.Client, u string) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req) // want "GF504: the \*http\.Response of c\.Do is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
