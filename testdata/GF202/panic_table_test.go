package main

import "testing"

func mustPanic(t *testing.T, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	f()
}

func TestPanics(t *testing.T) {
	mustPanic(t, func() {
		ch := make(chan int, 1)
		close(ch)
		ch <- 1
	})
	cases := []func(){
		func() {
			ch := make(chan int, 1)
			close(ch)
			ch <- 1
		},
	}
	for _, c := range cases {
		mustPanic(t, c)
	}
	t.Run("sub", func(t *testing.T) {
		ch := make(chan int, 1)
		close(ch)
		ch <- 1 // want "GF202: send on ch after close"
	})
}
