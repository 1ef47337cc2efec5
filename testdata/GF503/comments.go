package main

import (
	"fmt"
	"net/http"
)

func main() {
	c := &http.Client{ // want "GF503 (preview): http\.Client has no Timeout"
		// the default transport, pooled
		Transport: http.DefaultTransport, // shared
		Jar:       nil,                   // no cookies
	}
	d := &http.Client{Jar: nil} // want "GF503 (preview): http\.Client has no Timeout"
	fmt.Println(c, d)
}
