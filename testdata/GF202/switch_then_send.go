package main

import "errors"

func report(err error, errs chan error) {
	switch {
	case errors.Is(err, errFatal):
		close(errs)
	case err != nil:
		println(err.Error())
	}
	errs <- err // want "GF202: send on errs after close"
}

var errFatal = errors.New("fatal")

func main() {
	report(errFatal, make(chan error, 1))
}
