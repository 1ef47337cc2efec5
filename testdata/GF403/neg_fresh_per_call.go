// Package listing: each List call makes a new lister and one goroutine pages through it; two
// kinds of listing never share a lister.
package listing

type page struct {
	items []string
	next  string
}

type lister struct {
	fetch  func(cursor string) page
	cursor string
	out    chan string
}

func (l *lister) nextPage() []string {
	p := l.fetch(l.cursor)
	l.cursor = p.next
	return p.items
}

// Names lists names.
func Names(fetch func(string) page) <-chan string {
	l := &lister{fetch: fetch, out: make(chan string)}
	go func() {
		defer close(l.out)
		for items := l.nextPage(); len(items) > 0; items = l.nextPage() {
			for _, it := range items {
				l.out <- it
			}
		}
	}()
	return l.out
}

// IDs lists identifiers.
func IDs(fetch func(string) page) <-chan string {
	l := &lister{fetch: fetch, out: make(chan string)}
	go func() {
		defer close(l.out)
		for items := l.nextPage(); len(items) > 0; items = l.nextPage() {
			for _, it := range items {
				l.out <- "id:" + it
			}
		}
	}()
	return l.out
}
