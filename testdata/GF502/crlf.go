package main

import "net/http"

func main() {
	_ = http.ListenAndServe(":8080", http.NotFoundHandler()) // want "GF502: http\.ListenAndServe serves with every timeout zero"
}
