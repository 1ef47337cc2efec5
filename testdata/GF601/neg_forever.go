package p

import (
	"log"
	"time"
)

// Start runs work every second for the life of the process: the ticker is always in use.
func Start(work func()) {
	go func() {
		for range time.Tick(time.Second) {
			work()
		}
	}()
}

// Loop never returns.
func Loop(work func() error) {
	for range time.Tick(time.Minute) {
		if err := work(); err != nil {
			log.Print(err)
			continue
		}
	}
}

// Serve selects forever; its break leaves the select only.
func Serve(in <-chan int, out chan<- int) {
	tick := time.Tick(time.Second)
	n := 0
	for {
		select {
		case <-tick:
			out <- n
		case v := <-in:
			if v < 0 {
				break
			}
			n += v
		}
	}
}

// Fatal ends the process instead of returning.
func Fatal(check func() error) {
	tick := time.Tick(time.Second)
	for range tick {
		if err := check(); err != nil {
			log.Fatal(err)
		}
	}
}
