package main

import (
	"log"
	"time"
)

func init() {
	go func() {
		for range time.Tick(time.Minute) {
			log.Print("still alive")
		}
	}()
}

// main's daemon goroutines live as long as the process.
func main() {
	events := make(chan string)
	go func() {
		for {
			log.Print(<-events)
		}
	}()
	events <- "start"
}
