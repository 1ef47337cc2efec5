// Package probe checks that peers answer, within the caller's deadline.
package probe

import (
	"context"
	"net"
	"time"
)

func Reachable(ctx context.Context, addr string) bool {
	conn, err := net.Dial("tcp", addr) // want "GF303: net.Dial\(…\) cannot be cancelled: the dial waits for the operating system's timeout after ctx is done; dial with \(&net.Dialer\{\}\).DialContext\(ctx, …\)"
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

// Bounded dials with a timeout of its own: it cannot hang.
func Bounded(ctx context.Context, addr string) bool {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return false
	}
	conn.Close()
	return true
}

func Open(ctx context.Context, addr string) (net.Conn, error) {
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

// All dials every peer; the connection outlives the context, which bounds only the dial.
func All(ctx context.Context, addrs []string) []net.Conn {
	var out []net.Conn
	for _, a := range addrs {
		if c, err := net.Dial("udp", a); err == nil { // want "GF303: net.Dial\(…\) cannot be cancelled"
			out = append(out, c)
		}
	}
	return out
}
