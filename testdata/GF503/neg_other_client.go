package main

import (
	"fmt"
	stdhttp "net/http"
	http "net/rpc"
)

// Client is this package's own client type.
type Client struct {
	Base string
}

func main() {
	a := &Client{Base: "http://example.com"}
	b := &http.Client{} // net/rpc's Client, imported as http
	fmt.Println(a, b, stdhttp.MethodGet)
}
