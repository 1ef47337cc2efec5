package p

import (
	"log"
	"net/http"
)

type runner interface{ run() }

type A struct{}

func (A) run() {
	for {
		log.Print("a")
	}
}

type B struct{}

func (B) run() {
	for {
		log.Print("b")
	}
}

// Unknown cannot tell which run the goroutines call, or what a local func value does.
func Unknown(r runner, srv *http.Server) {
	go r.run()
	go func() { log.Print(srv.ListenAndServe()) }()
	loop := func() {
		for {
			log.Print("spin")
		}
	}
	go loop()
	go http.ListenAndServe(":0", nil)
}
