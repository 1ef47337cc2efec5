package dotclient

import (
	. "net/http"
	"time"
)

type poller struct {
	hc  *Client
	url string
}

var shared = &Client{Timeout: 5 * time.Second}

func local(u string) (int, error) {
	c := &Client{Timeout: time.Second}
	resp, err := c.Get(u) // want "GF504: the \*http\.Response of c\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func declared(u string) (int, error) {
	var c *Client = shared
	resp, err := c.Get(u) // want "GF504: the \*http\.Response of c\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func packageVariable(u string) (int, error) {
	resp, err := shared.Get(u) // want "GF504: the \*http\.Response of shared\.Get is never closed, returned or passed o"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func (p *poller) poll() (int, error) {
	resp, err := p.hc.Get(p.url) // want "GF504: the \*http\.Response of p\.hc\.Get is never closed, returned or passed on"
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}
