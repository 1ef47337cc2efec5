package dialtest

import (
	"net"
	"testing"
)

// A dial that must fail: its connection, if any, is never made.
func TestRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	_, err = net.Dial("tcp", addr)
	if err == nil {
		t.Fatal("dial to a closed listener succeeded")
	}
}

// Once a check fails the test is red: a connection left open on that path changes nothing.
func TestGreeting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		if _, err := c.Write([]byte("hello\n")); err != nil {
			t.Errorf("write: %v", err)
			return
		}
		c.Close()
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	buf := make([]byte, 6)
	if _, err := c.Read(buf); err != nil {
		t.Fatal(err)
	}
}
