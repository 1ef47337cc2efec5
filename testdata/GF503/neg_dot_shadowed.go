package main

import (
	"fmt"
	. "net/http"
)

func main() {
	type Client struct {
		Jar     CookieJar
		Retries int
	}
	c := Client{Retries: 3}
	fmt.Println(c)
}
