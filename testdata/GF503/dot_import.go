package main

import (
	"fmt"
	. "net/http"
)

func main() {
	c := Client{Transport: DefaultTransport} // want "GF503 (preview): http\.Client has no Timeout"
	fmt.Println(c.Transport != nil, MethodGet)
}
