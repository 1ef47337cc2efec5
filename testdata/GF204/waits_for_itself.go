package handshake

// ack is unbuffered and no other goroutine ever sees it: the send waits for a receiver that
// can only come after it.
func confirm(ok bool) bool {
	ack := make(chan bool)
	ack <- ok // want "GF204 (preview): send on ack blocks forever: ack is unbuffered and no other goroutine can reach it"
	return <-ack // want "GF204 (preview): receive from ack blocks forever: ack is unbuffered and no other goroutine can reach it"
}

// gofixer-test: preview
