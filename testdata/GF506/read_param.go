package frames

import (
	"encoding/binary"
	"io"
	"net"
)

// readFrames reads length-prefixed frames; nothing in the package ever sets a deadline on
// the connection it is given.
func readFrames(c net.Conn, handle func([]byte)) error {
	var size [4]byte
	for {
		if _, err := io.ReadFull(c, size[:]); err != nil { // want "GF506 (preview): c is read in a loop with no read deadline"
			return err
		}
		frame := make([]byte, binary.BigEndian.Uint32(size[:]))
		if _, err := io.ReadFull(c, frame); err != nil {
			return err
		}
		handle(frame)
	}
}
