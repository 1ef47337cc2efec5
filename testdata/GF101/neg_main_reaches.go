package main

import (
	"flag"
	"log"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

type command struct {
	name string
	run  func(args []string)
}

// Each command's entry point is a field of the table and runs once per process.
var commands = []command{
	{name: "serve", run: serve},
	{name: "watch", run: func(args []string) { startWatcher(args[0]) }},
}

func main() {
	flag.Parse()
	startMetrics()
	for _, c := range commands {
		if c.name == flag.Arg(0) {
			c.run(flag.Args()[1:])
			return
		}
	}
	log.Printf("unknown command %q", flag.Arg(0))
	os.Exit(2)
}

var requests atomic.Int64

// startMetrics is called from main only: its reporter lives as long as the program.
func startMetrics() {
	every := 30 * time.Second
	go func() {
		for {
			time.Sleep(every)
			log.Printf("requests: %d", requests.Load())
		}
	}()
}

func serve(args []string) {
	limit := make(chan struct{}, 8)
	go func() {
		for {
			time.Sleep(time.Second)
			select {
			case <-limit:
			default:
			}
		}
	}()
	log.Fatal(http.ListenAndServe(args[0], http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		limit <- struct{}{}
	})))
}

func startWatcher(dir string) {
	go func() {
		for {
			time.Sleep(time.Second)
			if _, err := os.Stat(dir); err != nil {
				log.Print(err)
			}
		}
	}()
	select {}
}
