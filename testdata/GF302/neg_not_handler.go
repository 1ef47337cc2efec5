package main

import (
	"context"
	"net/http"
)

// MyRequest is not net/http's request.
type MyRequest struct{ Path string }

// Context is a gin-style context.
type Context struct {
	Writer  http.ResponseWriter
	Request *http.Request
}

func use(ctx context.Context) {}

func looksLike(w http.ResponseWriter, r *MyRequest) {
	use(context.Background())
}

func ginStyle(c *Context) {
	use(context.Background())
}

func onlyRequest(r *http.Request) *http.Request {
	use(context.TODO())
	return r
}

func onlyWriter(w http.ResponseWriter, ctx context.Context) {
	use(context.Background())
}

func main() {
	looksLike(nil, &MyRequest{})
	ginStyle(&Context{})
	onlyRequest(nil)
	onlyWriter(nil, context.Background())
}
