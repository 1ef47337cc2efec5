package main

import (
	"fmt"
	"net/http"
)

func main() {
	c := &http.Client{ // want "GF503 (preview): http\.Client has no Timeout"
		Transport: http.DefaultTransport,
	}
	fmt.Println(c)
}
