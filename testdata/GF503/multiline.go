package main

import (
	"crypto/tls"
	"net/http"
	"net/http/cookiejar"
)

func main() {
	jar, _ := cookiejar.New(nil)
	client := &http.Client{ // want "GF503 (preview): http\.Client has no Timeout"
		Jar: jar,
	}
	_ = client

	tr := &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}
	other := http.Client{ // want "GF503 (preview): http\.Client has no Timeout"
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Jar: jar,
	}
	_ = other

	long := &http.Client{ // want "GF503 (preview): http\.Client has no Timeout"
		Transport:     tr,
		CheckRedirect: nil,
	}
	_ = long

	empty := &http.Client{ // want "GF503 (preview): http\.Client has no Timeout"
	}
	_ = empty
}
