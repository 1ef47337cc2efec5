package fetch

func get(url string) error { _ = url; return nil }

// The buffer takes the one result whether or not anyone reads it.
func prefetch(url string) {
	errc := make(chan error, 1)
	go func() {
		errc <- get(url)
	}()
}

// gofixer-test: preview
