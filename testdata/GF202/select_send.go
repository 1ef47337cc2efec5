package main

func notify(ch chan struct{}) {
	close(ch)
	select {
	case ch <- struct{}{}: // want "GF202: send on ch after close"
	default:
	}
}

func main() {
	notify(make(chan struct{}, 1))
}
