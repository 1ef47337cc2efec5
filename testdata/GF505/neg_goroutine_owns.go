package owner

import "net"

// The goroutine uses the listener after the function returns and owns it from then on: a
// deferred Close here would close it under the goroutine.
func Start(addr string, handle func(net.Conn)) (string, error) {
	ln, err := net.Listen("tcp", addr)
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
