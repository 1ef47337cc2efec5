package main

import (
	"fmt"
	"log"
	"net"
	"os"
)

type command struct {
	Name string
	Run  func(args []string) error
}

// serve is a command's entry point: it runs once per process, and its listener lives exactly as
// long as the process does.
func serve(args []string) error {
	ln, err := net.Listen("tcp", args[0])
	if err != nil {
		return err
	}
	fmt.Println("listening on", ln.Addr())
	return nil
}

func main() {
	commands := []command{{Name: "serve", Run: serve}}
	for _, c := range commands {
		if len(os.Args) > 2 && os.Args[1] == c.Name {
			if err := c.Run(os.Args[2:]); err != nil {
				log.Fatal(err)
			}
		}
	}
}
