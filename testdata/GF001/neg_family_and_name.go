package p

import "net/http"

func serve(h http.Handler) error {
	//gofixer:ignore GF5 -- behind a proxy with timeouts
	if err := http.ListenAndServe(":1", h); err != nil {
		return err
	}
	return http.ListenAndServe(":2", h) //gofixer:ignore serve-without-timeouts -- same
}
