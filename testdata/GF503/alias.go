package main

import (
	"fmt"
	nethttp "net/http"
	t "time"
)

var client = &nethttp.Client{ // want "GF503 (preview): nethttp\.Client has no Timeout"
	Transport: nethttp.DefaultTransport,
}

func main() {
	fmt.Println(client, t.Now())
}
