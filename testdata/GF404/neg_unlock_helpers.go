package main

import (
	"errors"
	"log"
	"sync"
)

type Stream struct {
	mu      sync.Mutex
	pending map[int]string
	onErr   func(error)
	closed  bool
}

// finishAndUnlock reports the error and releases s.mu, which its callers hold.
func (s *Stream) finishAndUnlock(err error) {
	delete(s.pending, 0)
	cb := s.onErr
	s.mu.Unlock()
	if cb != nil {
		cb(err)
	}
}

// The early returns leave through helpers that unlock: nothing stays locked.
func (s *Stream) Ack(id int) error {
	s.mu.Lock()
	if _, ok := s.pending[id]; !ok {
		s.finishAndUnlock(errors.New("unknown id"))
		return nil
	}
	delete(s.pending, id)
	s.mu.Unlock()
	log.Print("acked ", id)
	return nil
}

func (s *Stream) Setup(name string) error {
	fail := func(err error) {
		s.closed = true
		s.mu.Unlock()
		log.Print(name, ": ", err)
	}
	s.mu.Lock()
	if name == "" {
		err := errors.New("no name")
		fail(err)
		return err
	}
	s.pending = map[int]string{}
	s.mu.Unlock()
	log.Print("set up ", name)
	return nil
}

func release(mu *sync.Mutex, why string) {
	mu.Unlock()
	log.Print("released: ", why)
}

func (s *Stream) Drop(id int) {
	s.mu.Lock()
	if s.closed {
		release(&s.mu, "closed")
		return
	}
	delete(s.pending, id)
	s.mu.Unlock()
	log.Print("dropped ", id)
}

func (s *Stream) Close() (err error) {
	s.mu.Lock()
	if false {
		return errors.New("unreachable")
	}
	s.closed = true
	s.mu.Unlock()
	log.Print("closed")
	return nil
}

func main() {
	s := &Stream{pending: map[int]string{1: "a"}}
	_ = s.Setup("x")
	_ = s.Ack(1)
	s.Drop(2)
	_ = s.Close()
}
