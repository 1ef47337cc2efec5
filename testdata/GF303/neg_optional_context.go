package p

import (
	"context"
	"net"
	"os/exec"
)

// command runs the tool under ctx when the caller has one; a nil ctx means "no deadline", and
// exec.CommandContext panics on a nil context, so the plain call is the only one possible there.
func command(ctx context.Context, name string, args ...string) *exec.Cmd {
	if ctx != nil {
		return exec.CommandContext(ctx, name, args...)
	}
	return exec.Command(name, args...)
}

// dial is the same choice the other way round.
func dial(ctx context.Context, addr string) (net.Conn, error) {
	if ctx == nil {
		return net.Dial("tcp", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, addr, "tcp")
}
