package workers

func cleanup() {}

// Goroutines started only to block: nothing can ever end them.
func startIdle() {
	go func() {
		defer cleanup()
		select {} // want "GF204 (preview): select \{\} blocks this goroutine forever"
	}()
	go func() {
		<-make(chan struct{}) // want "GF204 (preview): receive from make\(chan struct\{\}\) blocks forever: the channel is made right here"
	}()
	go func() {
		var wake chan struct{}
		<-wake // want "GF204 (preview): receive from wake blocks forever: wake is never made or assigned"
		cleanup()
	}()
}

// gofixer-test: preview
