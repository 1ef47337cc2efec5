package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	_ "net/http/pprof"
	"strconv"
)

var uiAddr = flag.String("ui", "localhost:0", "where the browser UI listens")

// A local tool: its UI and its profiles are for the user at this machine.
func main() {
	flag.Parse()
	debugPort := 6060
	go func() {
		log.Println(http.ListenAndServe("localhost:"+strconv.Itoa(debugPort), nil)) // want "GF502 (preview): loopback interface only"
	}()
	go func() {
		log.Println(http.ListenAndServe(fmt.Sprintf(":%d", debugPort+1), nil)) // want "GF502 (preview): net/http/pprof's profiling handlers"
	}()
	ln, err := net.Listen("tcp", *uiAddr)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "trace viewer") })
	log.Fatal(http.Serve(ln, mux)) // want "GF502 (preview): loopback interface only"
}

// public serves the same mux to the network: that one needs the timeout.
func public(mux *http.ServeMux) error {
	return http.ListenAndServe(":8080", mux) // want "GF502: use an http.Server with ReadHeaderTimeout$"
}
