package main

import (
	"bufio"
	"log"
	"net"
	"time"
)

func main() {
	ln, err := net.Listen("tcp", "127.0.0.1:7000")
	if err != nil {
		log.Fatal(err)
	}
	for {
		conn, err := ln.Accept()
		if err != nil {
			log.Print(err)
			continue
		}
		go serveConn(conn)
	}
}

// A goroutine per connection, started from main's accept loop: main runs once, but the loop
// starts one of these for every client, and each pings its connection for ever.
func serveConn(conn net.Conn) {
	go keepAlive(conn) // want "GF101: keepAlive.s loop at line 41 never ends"
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			conn.Close()
			return
		}
		log.Print(line)
	}
}

func keepAlive(conn net.Conn) {
	for {
		time.Sleep(10 * time.Second)
		if _, err := conn.Write([]byte("ping\n")); err != nil {
			log.Print(err)
		}
	}
}
