package metrics

import (
	"fmt"
	"net"
)

type Pusher struct {
	addr string
	conn net.Conn
}

// Connect dials the collector named in the configuration: a collector that drops packets
// keeps Connect waiting for minutes.
func (p *Pusher) Connect() error {
	c, err := net.Dial("tcp", p.addr) // want "GF506 (preview): net\.Dial has no timeout: a host that does not answer blocks the caller until the operating system gives up on the handshake"
	if err != nil {
		return fmt.Errorf("metrics: dial %s: %w", p.addr, err)
	}
	p.conn = c
	return nil
}
