package p

import "log"

type msg struct{ text string }

// Log ranges over a channel its owner can close: the loop ends then.
func Log(in <-chan msg, s *struct{ ch chan int }) {
	go func() {
		for m := range in {
			log.Print(m.text)
		}
	}()
	go func() {
		for v := range s.ch {
			log.Print(v)
		}
	}()
}
