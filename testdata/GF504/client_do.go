package clientdo

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"time"
)

var shared = &http.Client{Timeout: 10 * time.Second}

type api struct {
	hc   *http.Client
	base string
}

type item struct{ Name string }

func literal(req *http.Request) (item, error) {
	client := &http.Client{Timeout: 5 * time.Second}
	resp, err := client.Do(req) // want "GF504: the \*http\.Response of client\.Do is never closed, returned or passed on"
	if err != nil {
		return item{}, err
	}
	var it item
	err = json.NewDecoder(resp.Body).Decode(&it)
	return it, err
}

func param(c *http.Client, u string) error {
	resp, err := c.Get(u) // want "GF504: the \*http\.Response of c\.Get is never closed, returned or passed on"
	if err != nil {
		return err
	}
	_, err = io.CopyN(os.Stdout, resp.Body, 1<<20)
	return err
}

func defaultClient(req *http.Request) (int, error) {
	resp, err := http.DefaultClient.Do(req) // want "GF504: the \*http\.Response of http\.DefaultClient\.Do is never closed, returned "
	if err != nil {
		return 0, err
	}
	n := 0
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		n++
	}
	return n, sc.Err()
}

func (a *api) ping() error {
	resp, err := a.hc.Get(a.base + "/ping") // want "GF504: the \*http\.Response of a\.hc\.Get is never closed, returned or passed on"
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

func global(u string) ([]byte, error) {
	resp, err := shared.Get(u) // want "GF504: the \*http\.Response of shared\.Get is never closed, returned or passed o"
	if err != nil {
		return nil, err
	}
	buf := make([]byte, 512)
	n, err := resp.Body.Read(buf)
	return buf[:n], err
}

func valueClient(u string) error {
	var c http.Client
	resp, err := c.Get(u) // want "GF504: the \*http\.Response of c\.Get is never closed, returned or passed on"
	if err != nil {
		return err
	}
	defer io.CopyN(io.Discard, resp.Body, 512)
	return nil
}
