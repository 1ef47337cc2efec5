package readtoeof

import (
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"os"
)

// The body is read to EOF on every path that goes on after the request succeeded: the
// transport has taken the connection back by then, so nothing leaks; only the preview tier
// mentions the missing Close.

func fetchAll(u string) ([]byte, error) {
	resp, err := http.Get(u) // want "GF504 (preview): read to EOF on every path, which releases the connection"
	if err != nil {
		return nil, err
	}
	return io.ReadAll(resp.Body)
}

func download(c *http.Client, u string, dst *os.File) (int64, error) {
	resp, err := c.Get(u) // want "GF504 (preview): read to EOF on every path"
	if err != nil {
		return 0, fmt.Errorf("download %s: %w", u, err)
	}
	n, err := io.Copy(dst, resp.Body)
	if err != nil {
		return n, fmt.Errorf("download %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return n, fmt.Errorf("download %s: %s", u, resp.Status)
	}
	return n, nil
}

func drainEach(urls []string) {
	for _, u := range urls {
		resp, err := http.Get(u) // want "GF504 (preview): read to EOF on every path"
		if err != nil {
			log.Print(err)
			continue
		}
		log.Print(resp.Status)
		io.Copy(io.Discard, resp.Body)
	}
}

func readInBackground(u string, done chan<- []byte) error {
	resp, err := http.Get(u) // want "GF504 (preview): read to EOF on every path"
	if err != nil {
		return err
	}
	go func() {
		b, _ := io.ReadAll(resp.Body)
		done <- b
	}()
	return nil
}

func decodeOnly(u string, v any) error {
	// json's decoder stops after the value: the rest of the body may be unread
	resp, err := http.Get(u) // want "GF504: never closed, returned or passed on: its connection is never released"
	if err != nil {
		return err
	}
	return json.NewDecoder(resp.Body).Decode(v)
}

func statusFirst(u string) ([]byte, error) {
	resp, err := http.Get(u) // want "GF504: read to EOF only on some paths: the return at line 78 leaves with it unread"
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("get %s: %s", u, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

func twoCalls(a, b string) (int, error) {
	resp, err := http.Get(a) // want "GF504 (preview): read to EOF on every path"
	if err != nil {
		return 0, err
	}
	first, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, err
	}
	resp, err = http.Get(b) // want "GF504: read to EOF only on some paths: the return at line 97 leaves"
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("get %s: %s", b, resp.Status)
	}
	second, err := io.ReadAll(resp.Body)
	return len(first) + len(second), err
}

func replaced(a, b string) (int, error) {
	resp, err := http.Get(a) // want "GF504: the assignment at line 109 replaces it unread"
	if err != nil {
		return 0, err
	}
	if resp.StatusCode == http.StatusNotModified {
		resp, err = http.Get(b) // want "GF504 (preview): read to EOF on every path"
		if err != nil {
			return 0, err
		}
	}
	body, err := io.ReadAll(resp.Body)
	return len(body), err
}
