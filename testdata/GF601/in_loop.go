package p

import (
	"context"
	"time"
)

// Select makes a ticker per iteration: no fix.
func Select(ctx context.Context, in <-chan int) int {
	sum := 0
	for {
		select {
		case v := <-in:
			sum += v
		case <-time.Tick(time.Second): // want "GF601: time\.Tick in a loop starts a new ticker every iteration that is never "
			sum = 0
		case <-ctx.Done():
			return sum
		}
	}
}

// Rounds ranges over a new ticker in each round.
func Rounds(ctx context.Context, rounds int) {
	for i := 0; i < rounds; i++ {
		for range time.Tick(time.Millisecond) { // want "GF601: time\.Tick in a loop starts a new ticker every iteration that is never "
			if ctx.Err() != nil {
				break
			}
		}
	}
}

// OneShot waits for one tick and returns: the ticker stays.
func OneShot() time.Time {
	return <-time.Tick(time.Second) // want "GF601: time\.Tick's ticker can never be stopped"
}

// Sample starts a ticker per attempt and may return from any of them.
func Sample(tries int, ok func(time.Time) bool) bool {
	for i := 0; i < tries; i++ {
		c := time.Tick(10 * time.Millisecond) // want "GF601: time\.Tick in a loop starts a new ticker every iteration that is never "
		if ok(<-c) {
			return true
		}
	}
	return false
}
