package p

// The deferred receive waits for the goroutine on every way out, early returns included.
func flush(buf []byte, write func([]byte) error) error {
	errc := make(chan error)
	go func() {
		errc <- write(buf)
	}()
	var werr error
	defer func() {
		werr = <-errc
		_ = werr
	}()
	if len(buf) == 0 {
		return nil
	}
	return nil
}
