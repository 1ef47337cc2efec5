package probe

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// Ping sends PING and expects PONG: every failed step returns with the connection open.
func Ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 5*time.Second) // want "GF505 (preview): the net\.Conn of net\.DialTimeout is not closed on every path: the returns at lines 19, 24, 27 leave it open: it keeps its file descriptor"
	if err != nil {
		return fmt.Errorf("probe: dial %s: %w", addr, err)
	}
	if _, err := fmt.Fprintf(c, "PING\r\n"); err != nil {
		return err
	}
	r := bufio.NewReader(c)
	line, err := r.ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "PONG" {
		return errors.New("probe: no PONG")
	}
	return c.Close()
}

// Banner reads the first line a server sends and never closes the connection.
func Banner(addr string) (string, error) {
	var d net.Dialer
	conn, err := d.Dial("tcp", addr) // want "GF505 (preview): the net\.Conn of d\.Dial is never closed, returned or passed on"
	if err != nil {
		return "", err
	}
	return bufio.NewReader(conn).ReadString('\n')
}
