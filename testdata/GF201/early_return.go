package p

import "errors"

type quote struct{ price int }

func lookup(sym string) quote { return quote{len(sym)} }

// The lookup runs while the symbol is validated; an invalid symbol returns before anyone
// receives the quote, and the goroutine waits on its send forever.
func price(sym string) (int, error) {
	res := make(chan quote) // want "GF201 (preview): the goroutine's send on unbuffered channel `res` blocks forever when the function returns at line 17"
	go func() {
		res <- lookup(sym)
	}()
	if sym == "" {
		return 0, errors.New("empty symbol")
	}
	q := <-res
	return q.price, nil
}

// gofixer-test: preview
