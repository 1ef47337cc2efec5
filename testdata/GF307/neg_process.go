// Package main keeps a root context for the process's whole life.
package main

import (
	"context"
	"fmt"
)

var (
	root, stopRoot = context.WithCancel(context.Background())
	extra          context.CancelFunc
)

func init() {
	_, extra = context.WithCancel(root)
}

func main() {
	ctx, cancel := context.WithCancel(root)
	_ = cancel
	fmt.Println(ctx.Err())
}
