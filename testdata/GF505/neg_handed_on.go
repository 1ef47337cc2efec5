package pool

import (
	"context"
	"database/sql"
	"net"
	"sync"
)

// Query hands its rows to the caller, who closes them.
func Query(ctx context.Context, db *sql.DB, q string) (*sql.Rows, error) {
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	return rows, nil
}

type Client struct {
	mu   sync.Mutex
	conn net.Conn
}

// Connect keeps the connection in the client it returns.
func Connect(addr string) (*Client, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	return &Client{conn: c}, nil
}

// Reconnect stores the new connection in a field.
func (cl *Client) Reconnect(addr string) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	cl.mu.Lock()
	cl.conn = c
	cl.mu.Unlock()
	return nil
}

// Accept passes each connection to a goroutine that owns it.
func Accept(ln net.Listener, handle func(net.Conn)) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		go func() {
			defer c.Close()
			handle(c)
		}()
	}
}

// Listen hands the listener to a helper that serves and closes it.
func Listen(addr string, serve func(net.Listener) error) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return serve(ln)
}
