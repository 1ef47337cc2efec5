package server

import (
	"context"
	"net/http"
)

type App struct {
	srv *http.Server
}

// Close drains the server with no deadline: one stuck request and Close never returns.
func (a *App) Close() error {
	return a.srv.Shutdown(context.Background()) // want "GF508 (preview): a\.srv\.Shutdown is given a context without a deadline"
}

// Stop does the same through a local.
func Stop(srv *http.Server) {
	ctx := context.TODO()
	_ = srv.Shutdown(ctx) // want "GF508 (preview): srv\.Shutdown is given a context without a deadline: it waits for every connection to go idle"
}
