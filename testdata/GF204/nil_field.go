package server

// shutdown is closed by Close, but never made: the receive waits on a nil channel for ever
// (and Close panics).
type server struct {
	addr     string
	shutdown chan struct{}
}

func newServer(addr string) *server { return &server{addr: addr} }

func (s *server) wait() {
	<-s.shutdown // want "GF204 (preview): receive from s.shutdown blocks forever: shutdown is never made or assigned, and a nil channel blocks"
}

func (s *server) Close() { close(s.shutdown) }

// gofixer-test: preview
