package main

import (
	"fmt"
	"net/http"
)

func main() {
	c := &http.Client{ // want "GF503"
		Transport: http.DefaultTransport,
	}
	fmt.Println(c)
}
