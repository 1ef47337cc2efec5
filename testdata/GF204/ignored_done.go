package balancer

// watch is handed done but never uses it: the receive in start waits for ever.
func watch(addrs <-chan string, done chan struct{}) {
	for a := range addrs {
		_ = a
	}
}

func start(addrs chan string) {
	done := make(chan struct{})
	go watch(addrs, done)
	<-done // want "GF204 (preview): receive from done blocks forever: nothing in the package sends on done or closes it"
}

// gofixer-test: preview
