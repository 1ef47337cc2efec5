// Package main polls a stop channel and then blocks: the process ends with it.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	ticks := make(chan int)
	go func() {
		for i := 0; ; i++ {
			ticks <- i
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		default:
		}
		<-ticks
	}
}
