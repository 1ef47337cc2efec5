// Package tick stops what it starts, or hands it to someone who will.
package tick

type Ticker struct {
	c    chan int
	done chan struct{}
}

func (t *Ticker) Run() {
	go func() {
		for i := 0; ; i++ {
			select {
			case t.c <- i:
			case <-t.done:
				return
			}
		}
	}()
}

func (t *Ticker) Halt() { close(t.done) }

func First() int {
	t := &Ticker{c: make(chan int), done: make(chan struct{})}
	t.Run()
	defer t.Halt()
	return <-t.c
}

func Handed() *Ticker {
	t := &Ticker{c: make(chan int), done: make(chan struct{})}
	t.Run()
	return t
}

type Pool struct{ tickers []*Ticker }

func (p *Pool) Add() {
	t := &Ticker{c: make(chan int), done: make(chan struct{})}
	t.Run()
	p.tickers = append(p.tickers, t)
}

func Later() {
	t := &Ticker{c: make(chan int), done: make(chan struct{})}
	t.Run()
	go func() {
		<-t.c
		t.Halt()
	}()
}
