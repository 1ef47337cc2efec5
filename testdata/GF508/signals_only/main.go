package main

import (
	"log"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

// SIGHUP reopens the log, but SIGTERM still cuts off every request in flight.
func main() {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		for range hup {
			log.SetOutput(os.Stderr)
		}
	}()
	log.Fatal(http.ListenAndServe(":8080", nil)) // want "GF508 (preview): http\.ListenAndServe serves until the process dies and the program handles signals but never calls Shutdown"
}
