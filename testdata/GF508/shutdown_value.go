package admin

import (
	"context"
	"log"
	"net/http"
)

var debug = http.Server{Addr: "127.0.0.1:6060"}

func stopDebug() {
	if err := debug.Shutdown(context.Background()); err != nil { // want "GF508 (preview): debug\.Shutdown is given a context without a deadline"
		log.Print(err)
	}
}
