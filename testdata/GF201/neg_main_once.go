package main

import (
	"fmt"
	"net"
	"os"
	"time"
)

// main gives the resolver two seconds and goes on without it: at worst one goroutine stays
// blocked for the rest of the program, which main starts only once.
func main() {
	addrs := make(chan []string)
	go func() {
		a, _ := net.LookupHost("example.com")
		addrs <- a
	}()
	select {
	case a := <-addrs:
		fmt.Println(a)
	case <-time.After(2 * time.Second):
		fmt.Fprintln(os.Stderr, "resolver slow, going on")
	}
	serve()
}

func serve() {}
