package main

import (
	"log"
	"net/http"
	"os"
	"time"
)

func main() {
	srv := &http.Server{Addr: ":8080"}
	if os.Getenv("SLOW_CLIENTS") == "" {
		srv.ReadHeaderTimeout = 2 * time.Second
	}
	log.Fatal(srv.ListenAndServe())
}

func admin() {
	var s http.Server = http.Server{Addr: ":9090"}
	s.ReadTimeout = time.Minute
	go func() { log.Println(s.ListenAndServe()) }()
}
