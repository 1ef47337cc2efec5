// Package main starts its reporter for the life of the process and lets a helper own another.
package main

import "fmt"

type Reporter struct {
	lines chan string
	stop  chan struct{}
}

func (r *Reporter) Start() {
	go func() {
		for {
			select {
			case l := <-r.lines:
				fmt.Println(l)
			case <-r.stop:
				return
			}
		}
	}()
}

func (r *Reporter) Stop() { close(r.stop) }

func own(r *Reporter) { defer r.Stop() }

func helper() {
	r := &Reporter{lines: make(chan string), stop: make(chan struct{})}
	r.Start()
	own(r)
}

func main() {
	r := &Reporter{lines: make(chan string), stop: make(chan struct{})}
	r.Start()
	r.lines <- "started"
	helper()
}
