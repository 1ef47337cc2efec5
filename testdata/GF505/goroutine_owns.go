package owner

import "net"

// The goroutine uses the listener after the function returns, and nothing ever closes it:
// the server cannot be stopped. A deferred Close here would close it under the goroutine, so
// there is no fix.
func Start(addr string, handle func(net.Conn)) (string, error) {
	ln, err := net.Listen("tcp", addr) // want "GF505 (preview): the net\.Listener of net\.Listen is never closed, returned or passed on: it keeps its address bound and its file descriptor open \(no fix: a goroutine or a closure that may outlive the function uses it"
	if err != nil {
		return "", err
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go handle(c)
		}
	}()
	return ln.Addr().String(), nil
}
