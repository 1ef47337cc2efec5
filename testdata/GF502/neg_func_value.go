package server

import "net/http"

// Serve is replaceable in tests; the reference itself is not a call.
var Serve = http.Serve
