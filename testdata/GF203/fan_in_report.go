package mirror

type page struct{ body []byte }

func fetch(url string) page { return page{body: []byte(url)} }

// One goroutine per URL sends, and nobody closes pages after the last one: the range never
// ends. Closing after one sender would make the others panic, so there is no fix.
func fetchAll(urls []string) int {
	pages := make(chan page)
	for _, u := range urls {
		go func(u string) {
			pages <- fetch(u)
		}(u)
	}
	total := 0
	for p := range pages { // want "GF203 (preview): range over pages never ends: nothing closes pages, and its senders finish without closing it \(several goroutines send"
		total += len(p.body)
	}
	return total
}

// gofixer-test: preview
