package bounded

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"time"
)

// A context is at hand: DialContext is the fix there (another rule's).
func fetch(ctx context.Context, addr string) (net.Conn, error) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return conn, ctx.Err()
}

func handler(w http.ResponseWriter, r *http.Request) {
	c, err := net.Dial("tcp", "backend:9000")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	c.Close()
}

// Unix sockets and datagrams never wait for a handshake.
func local() {
	for _, network := range []string{"unixgram", "unix"} {
		if c, err := net.Dial(network, "/dev/log"); err == nil {
			c.Close()
			return
		}
	}
	if c, err := net.Dial("udp", "127.0.0.1:8125"); err == nil {
		c.Close()
	}
}

// Each read waits at most a minute.
func lines(c net.Conn, out chan<- string) error {
	r := bufio.NewReader(c)
	for {
		c.SetReadDeadline(time.Now().Add(time.Minute))
		line, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		out <- line
	}
}

// Dial is a thin constructor: the caller chose the address, and bounds the call.
func Dial(addr string) (*bufio.ReadWriter, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return bufio.NewReadWriter(bufio.NewReader(c), bufio.NewWriter(c)), nil
}
