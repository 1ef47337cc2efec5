package main

import "testing"

func TestSendOnClosedPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	ch := make(chan int, 1)
	close(ch)
	ch <- 1
}
