package p

import (
	"net"
	"net/http"
	"time"
)

// The server goroutine reports only a failure; the select's timeout is the usual outcome
// ("started fine"). It is stranded only if Serve fails later for another reason than a close:
// a preview finding, silent by default.
func Start(h http.Handler) (*http.Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: time.Second}
	failed := make(chan error) // want "GF201 (preview): the goroutine's send on unbuffered channel `failed` blocks forever onc"
	go func() {
		if err := srv.Serve(ln); err != http.ErrServerClosed {
			failed <- err
		}
	}()
	select {
	case err := <-failed:
		return nil, err
	case <-time.After(50 * time.Millisecond):
		return srv, nil
	}
}
