package main

func notify(ch chan struct{}) {
	close(ch)
	select {
	case ch <- struct{}{}: // want "GF202"
	default:
	}
}

func main() {
	notify(make(chan struct{}, 1))
}
