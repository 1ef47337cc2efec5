package basic

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// fetch performs one GET /price/{sku} and parses the plain-text body.
func fetch(base, sku string) (int64, error) {
	resp, err := http.Get(base + "/price/" + url.PathEscape(sku)) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on,"
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
	return strconv.ParseInt(strings.TrimSpace(string(body)), 10, 64)
}

func post(u string, form url.Values) (string, error) {
	res, err := http.PostForm(u, form) // want "GF504: the \*http\.Response of http\.PostForm is never closed, returned or passe"
	// the error check may follow a comment
	if err != nil {
		return "", err
	} // trailing comment stays
	b, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	return string(b), err
}

func head(u string) (int64, error) {
	var resp, err = http.Get(u) // want "GF504: the \*http\.Response of http\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return resp.ContentLength, nil
}

func postJSON(u string, body io.Reader) error {
	var resp *http.Response
	var err error
	resp, err = http.Post(u, "application/json", body) // want "GF504: the \*http\.Response of http\.Post is never closed, returned or passed on"
	if err != nil {
		panic(err)
	}
	if resp.StatusCode >= 400 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return nil
}
