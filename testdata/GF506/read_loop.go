package lines

import (
	"bufio"
	"net"
)

// Collect reads lines until the server closes: a server that stops sending without closing
// keeps the caller waiting forever.
func Collect(addr string, out chan<- string) error {
	c, err := net.Dial("unix", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	sc := bufio.NewScanner(c)
	for sc.Scan() { // want "GF506 (preview): c is read in a loop with no read deadline: a peer that stops sending without closing blocks this goroutine forever"
		out <- sc.Text()
	}
	return sc.Err()
}

// Echo answers each chunk a client sends, with no bound on how long it waits for one.
func Echo(ln net.Listener) {
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 512)
		for {
			n, err := conn.Read(buf) // want "GF506 (preview): conn is read in a loop with no read deadline"
			if err != nil {
				conn.Close()
				break
			}
			conn.Write(buf[:n])
		}
	}
}
