package shapes

import (
	"bufio"
	"database/sql"
	"fmt"
	"io"
	"net"
	"testing"
)

// The server closes after its answer: the client has read to the end, and only a descriptor
// the test process collects is left.
func TestAnswer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept() // a probe: the test only needs the connection to exist
		if err != nil {
			return
		}
		fmt.Fprintln(c, "hello")
		c.Close()
	}()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(c)
	if err != nil || string(got) != "hello\n" {
		t.Fatalf("got %q, %v", got, err)
	}
}

func TestLines(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go ln.Accept()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		t.Log(sc.Text())
	}
}

// A query that must fail returns no rows.
func testBadQuery(t *testing.T, db *sql.DB) {
	_, err := db.Query("select 'unterminated")
	if err == nil {
		t.Fatal("an unterminated string was accepted")
	}
}

// A fake server that reports its failures to the test on a channel: the test fails there.
func fakeServer(ln net.Listener, errc chan<- error) {
	c, err := ln.Accept()
	if err != nil {
		errc <- err
		return
	}
	buf := make([]byte, 4)
	if _, err := io.ReadFull(c, buf); err != nil {
		errc <- fmt.Errorf("read: %v", err)
		return
	}
	c.Close()
	close(errc)
}
