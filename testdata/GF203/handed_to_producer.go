package tail

func emit(out chan<- string, lines []string) {
	for _, l := range lines {
		out <- l
	}
}

func ticker(out chan<- string) {
	for {
		out <- "tick"
	}
}

// emit sends every line and returns without closing the channel it was handed.
func collect(lines []string) []string {
	ch := make(chan string)
	go emit(ch, lines)
	var got []string
	for l := range ch { // want "GF203 (preview): range over ch never ends: nothing closes ch, and its sender finishes without closing it \(the sends are in a function it is handed to"
		got = append(got, l)
	}
	return got
}

// ticker never returns: it has no reason to close.
func listen(handle func(string)) {
	ch := make(chan string)
	go ticker(ch)
	go func() {
		for l := range ch {
			handle(l)
		}
	}()
}

// gofixer-test: preview
