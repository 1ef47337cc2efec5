package p

import (
	"errors"
	"time"
)

var errIdle = errors.New("idle")

func handle(string) {}

// Serve handles messages until none arrives for a minute.
func Serve(in <-chan string) error {
	for {
		select {
		case msg := <-in:
			handle(msg)
		case <-time.After(time.Minute): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
			return errIdle
		}
	}
}

// Drain uses a for-range over another channel.
func Drain(in <-chan string, out chan<- string, d time.Duration) int {
	dropped := 0
	for msg := range in {
		select {
		case out <- msg:
		case <-time.After(d): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
			dropped++
		}
	}
	return dropped
}

// Collect keeps going after a message: the break only leaves the switch.
func Collect(in <-chan int, kind int) int {
	n := 0
	for n < 100 {
		select {
		case v := <-in:
			n += v
		case <-time.After(time.Second): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
			n++
		}
		switch kind {
		case 1:
			break
		}
	}
	return n
}

// Pump forwards values; its done channel is a value channel here, read into a variable.
func Pump(in <-chan int, done <-chan bool) int {
	n := 0
	for {
		select {
		case stop := <-done:
			if stop {
				return n
			}
		case v := <-in:
			n += v
		case <-time.After(time.Second): // want "GF602: time\.After in a select inside a loop starts a new timer every iteratio"
			return n
		}
	}
}
