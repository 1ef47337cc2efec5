package p

import (
	"context"
	"net"
	"testing"
)

type echoServer struct{ ln net.Listener }

func (s *echoServer) serve(ctx context.Context) {
	<-ctx.Done()
	s.ln.Close()
}

// The server goroutine waits for the context, which nothing cancels: it outlives this test and
// keeps its listener open through the tests that follow.
func TestEcho(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, _ := context.WithCancel(context.Background()) // want "GF301: the cancel function returned by context\.WithCancel is never called"
	srv := &echoServer{ln: ln}
	go srv.serve(ctx)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	conn.Close()
}
