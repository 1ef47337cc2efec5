package main

type conn struct {
	events chan int
}

func (c *conn) reset() {
	close(c.events)
	c.events = make(chan int, 1)
	c.events <- 0
}

func (c *conn) renew() {
	close(c.events)
	c.init()
	c.events <- 0
}

func (c *conn) init() { c.events = make(chan int, 1) }

func restart(ch chan int) chan int {
	close(ch)
	ch = make(chan int, 1)
	ch <- 1
	return ch
}

func main() {
	c := &conn{events: make(chan int, 1)}
	c.reset()
	c.renew()
	_ = restart(make(chan int))
}
