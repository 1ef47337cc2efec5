package p

func work(n int) int { return n * 2 }

// Run gives up when quit is closed.
func Run(n int, quit <-chan struct{}) (int, bool) {
	res := make(chan int) // want "GF201: the goroutine's send on unbuffered channel `res` blocks forever once t"
	go func() {
		res <- work(n)
	}()
	select {
	case v, ok := <-res:
		return v, ok
	case <-quit:
		return 0, false
	}
}
