package p

import (
	"context"
	"log"
	"time"
)

func handle(v int) { log.Print(v) }

// NoContext: nothing to stop on, so no fix.
func NoContext(in <-chan int) {
	go func() { // want "GF101: the goroutine's loop at line 14 never ends"
		for {
			v := <-in
			handle(v)
		}
	}()
}

// InExpression blocks on a receive inside a call: a check at the loop head would not help.
func InExpression(ctx context.Context, in <-chan int) {
	go func() { // want "GF101: the goroutine's loop at line 24 never ends"
		for {
			handle(<-in)
		}
	}()
}

// Tick ranges over time.Tick: the channel would have to be hoisted out of the loop.
func Tick(ctx context.Context) {
	go func() { // want "GF101: the goroutine's range over time\.Tick at line 33 never ends"
		for range time.Tick(time.Second) {
			log.Print("tick")
		}
	}()
}

// Background is not cancellable: its Done channel is nil.
func Background(in <-chan int) {
	ctx := context.Background()
	go func() { // want "GF101: the goroutine's loop at line 43 never ends"
		for {
			handle(<-in)
		}
	}()
	_ = ctx
}

// Panics: a panic is an assertion, not a way out.
func Panics(in <-chan int) {
	go func() { // want "GF101: the goroutine's loop at line 53 never ends"
		for {
			if v := <-in; v < 0 {
				panic("negative")
			}
		}
	}()
}
