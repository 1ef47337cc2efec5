package redistest

import (
	"net"
	"testing"
)

// Dial connects to the Redis the test environment runs on the loopback interface: only tests
// reach this helper, and a timeout there bounds nothing that matters.
func Dial(tb testing.TB) net.Conn {
	tb.Helper()
	c, err := net.Dial("tcp", "127.0.0.1:6379")
	if err != nil {
		tb.Skipf("redistest: no local redis: %v", err)
	}
	tb.Cleanup(func() { c.Close() })
	return c
}
