package api

import (
	stdctx "context"
	nethttp "net/http"
	"time"
)

// Fetch proxies a call upstream.
func Fetch(w nethttp.ResponseWriter, req *nethttp.Request) {
	ctx, cancel := stdctx.WithTimeout(stdctx.Background(), time.Second) // want "GF302: stdctx\.Background"
	defer cancel()
	up, err := nethttp.NewRequestWithContext(ctx, nethttp.MethodGet, "http://upstream/", nil)
	if err != nil {
		return
	}
	resp, err := nethttp.DefaultClient.Do(up)
	if err != nil {
		w.WriteHeader(nethttp.StatusBadGateway)
		return
	}
	resp.Body.Close()
}
