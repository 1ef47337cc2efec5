package main

import (
	stdctx "context"
	"net/http"
)

type factory struct{}

func (factory) Background() stdctx.Context { return stdctx.TODO() }

func use(ctx stdctx.Context) {}

func handle(w http.ResponseWriter, r *http.Request) {
	context := factory{}
	use(context.Background())
	stdctx := factory{}
	use(stdctx.Background())
}

func main() {
	http.HandleFunc("/", handle)
}
