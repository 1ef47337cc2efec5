package main

import (
	"fmt"
	"log"
	"net"
)

// The process ends with main: its listener lives exactly as long as it has to.
func main() {
	ln, err := net.Listen("tcp", ":7070")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("listening on", ln.Addr())
	for {
		c, err := ln.Accept()
		if err != nil {
			log.Fatal(err)
		}
		go serve(c)
	}
}

func serve(c net.Conn) {
	defer c.Close()
	fmt.Fprintln(c, "hello")
}
