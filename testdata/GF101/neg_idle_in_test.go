package p

import (
	"net"
	"testing"
)

// A test's helper goroutine left blocked in Accept waits idle until the test binary exits: a
// preview finding at most, silent by default.
func TestDialFallback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go drain(ln) // want "GF101 (preview): the goroutine drain's loop at line 24 never ends"
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}

func drain(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			panic(err)
		}
		c.Close()
	}
}

// The same with a channel: the goroutine parks on the receive.
func TestEventsLogged(t *testing.T) {
	events := make(chan string)
	go func() { // want "GF101 (preview): the goroutine's loop at line 37 never ends"
		for {
			t.Log(<-events)
		}
	}()
	events <- "first"
}
