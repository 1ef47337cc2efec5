// Package heartbeat beats until its context field is cancelled by Close, a value type.
package heartbeat

import (
	"context"
	"testing"
	"time"
)

type Beat struct {
	ctx    context.Context
	cancel context.CancelFunc
	every  time.Duration
	beats  chan struct{}
}

func New(parent context.Context, every time.Duration) Beat {
	ctx, cancel := context.WithCancel(parent)
	return Beat{ctx: ctx, cancel: cancel, every: every, beats: make(chan struct{}, 1)}
}

func (b Beat) Run() {
	go func() {
		for {
			select {
			case <-time.After(b.every):
				select {
				case b.beats <- struct{}{}:
				default:
				}
			case <-b.ctx.Done():
				return
			}
		}
	}()
}

func (b Beat) Close() { b.cancel() }

func Count(t *testing.T, n int) int {
	b := New(context.Background(), time.Millisecond)
	b.Run() // want "GF308 (preview): b.Run\(\) starts a goroutine that ends only when Close cancels b.ctx, and this function never calls b.Close\(\) nor hands b on"
	got := 0
	for got < n {
		<-b.beats
		got++
	}
	return got
}
