package main

import "net/http"

func serve() { _ = http.ListenAndServe(":8080", nil) }

// main parks for ever on purpose: the program is its goroutines.
func main() {
	go serve()
	go func() {
		select {}
	}()
	select {}
}

// gofixer-test: preview
