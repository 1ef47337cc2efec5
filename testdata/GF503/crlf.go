package main

import (
	"fmt"
	"net/http"
)

func main() {
	c := &http.Client{ // want "GF503: http\.Client has no Timeout"
		Transport: http.DefaultTransport,
	}
	fmt.Println(c)
}
