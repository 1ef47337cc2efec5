package p

import (
	"net"
	"testing"
	"time"
)

// The fake server hands back the greeting it read or the error that stopped it, never both.
// The deferred closes race with it only when the timeout wins, and that case fails the test
// first: a preview finding.
func TestGreeting(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	errs := make(chan error, 1)
	greetings := make(chan string, 1)
	defer close(errs)      // want "GF202 (preview): each such case fails the test first"
	defer close(greetings) // want "GF202 (preview): each such case fails the test first"
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			errs <- err
			return
		}
		defer conn.Close()
		buf := make([]byte, 5)
		if _, err := conn.Read(buf); err != nil {
			errs <- err
			return
		}
		greetings <- string(buf)
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	c.Write([]byte("hello"))
	select {
	case g := <-greetings:
		if g != "hello" {
			t.Errorf("got %q", g)
		}
	case err := <-errs:
		t.Fatalf("server: %v", err)
	case <-time.After(time.Second):
		t.Fatal("no greeting within a second")
	}
}

// With a timeout that only logs, the test goes on, passes, and the late send panics the test
// binary: reported by default.
func TestGreetingLenient(t *testing.T) {
	results := make(chan string, 1)
	defer close(results) // want "GF202: a timeout or cancel case may win before it has sent, and"
	go func() {
		time.Sleep(10 * time.Millisecond)
		results <- "hello"
	}()
	select {
	case r := <-results:
		t.Log(r)
	case <-time.After(time.Millisecond):
		t.Log("slow; not checking")
	}
}

// gofixer-test: preview
