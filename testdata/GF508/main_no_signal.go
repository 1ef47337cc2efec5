package main

import (
	"fmt"
	"log"
	"net/http"
	"os"
	"time"
)

func hello(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, "hello")
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("/", hello)
	srv := &http.Server{Addr: os.Getenv("ADDR"), Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	log.Fatal(srv.ListenAndServe()) // want "GF508 (preview): srv\.ListenAndServe serves until the process dies and the program handles no signal \(no signal\.Notify or signal\.NotifyContext\): SIGTERM cuts off every request in flight"
}
