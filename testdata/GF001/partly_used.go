package p

import "net/http"

func serve(h http.Handler) error {
	return http.ListenAndServe(":1", h) //gofixer:ignore GF502,GF401 -- behind a proxy // want "GF001: silences nothing"
}
