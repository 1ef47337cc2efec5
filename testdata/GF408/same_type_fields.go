package same_type_fields

import "sync"

type Conn struct {
	readMu  sync.Mutex
	writeMu sync.Mutex
	buf     []byte
}

func (c *Conn) Write(p []byte) {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	c.readMu.Lock() // want "GF408 (preview): this locks Conn.readMu while holding Conn.writeMu \(`c.writeMu`, locked at line 12\), and Read, line 22 locks Conn.writeMu while holding Conn.readMu"
	c.buf = append(c.buf, p...)
	c.readMu.Unlock()
}

func (c *Conn) Read() []byte {
	c.readMu.Lock()
	defer c.readMu.Unlock()
	c.writeMu.Lock() // want "GF408 (preview): this locks Conn.writeMu while holding Conn.readMu"
	out := c.buf
	c.buf = nil
	c.writeMu.Unlock()
	return out
}
