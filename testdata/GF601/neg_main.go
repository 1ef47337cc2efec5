package main

import (
	"fmt"
	"time"
)

var started time.Time

func init() {
	started = <-time.Tick(time.Millisecond)
}

func main() {
	for t := range time.Tick(time.Second) {
		fmt.Println(t.Sub(started))
		if t.Sub(started) > time.Minute {
			return
		}
	}
}
