package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	ctx, cancel := context.WithCancel(context.Background())
	if len(os.Args) > 1 {
		fmt.Println("args")
		return
	}
	cancel()
	fmt.Println(ctx.Err())
}
