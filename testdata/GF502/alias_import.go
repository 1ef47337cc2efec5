package server

import (
	nethttp "net/http"
	clock "time"
)

var started = clock.Now()

// Run serves h on addr.
func Run(addr string, h nethttp.Handler) error {
	return nethttp.ListenAndServe(addr, h) // want "GF502: nethttp\.ListenAndServe serves with every timeout zero"
}
