package main

import (
	"fmt"
	"net/http"
)

func main() {
	var a http.Client
	b := new(http.Client)
	c := http.DefaultClient
	t := &http.Transport{MaxIdleConns: 10}
	fmt.Println(a.Timeout, b, c, t)
}
