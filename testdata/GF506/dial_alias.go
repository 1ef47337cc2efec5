package notify

import (
	stdnet "net"
	"time"
)

var lastSent time.Time

// send opens a connection per message to a fixed relay.
func send(msg []byte) error {
	conn, err := stdnet.Dial("tcp4", "relay.internal:2525") // want "GF506 (preview): stdnet\.Dial has no timeout"
	if err != nil {
		return err
	}
	defer conn.Close()
	_, err = conn.Write(msg)
	lastSent = time.Now()
	return err
}
