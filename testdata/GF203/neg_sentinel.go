package stream

// The receiver stops on a sentinel: an empty chunk ends the loop, no close is needed.
func join(parts []string) string {
	chunks := make(chan string)
	go func() {
		for _, p := range parts {
			if p != "" {
				chunks <- p
			}
		}
		chunks <- ""
	}()
	s := ""
	for c := range chunks {
		if c == "" {
			break
		}
		s += c
	}
	return s
}

// gofixer-test: preview
