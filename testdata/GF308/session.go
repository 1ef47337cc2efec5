// Package store opens sessions whose watcher waits for the session's context, which only
// Close (through release) cancels.
package store

import "context"

type Session struct {
	ctx    context.Context
	cancel context.CancelFunc
	id     int
}

type Store struct{ next int }

func (s *Store) open(parent context.Context) *Session {
	ctx, cancel := context.WithCancel(parent)
	s.next++
	sess := &Session{ctx: ctx, cancel: cancel, id: s.next}
	go sess.watch()
	return sess
}

func (sess *Session) watch() {
	<-sess.ctx.Done()
}

func (sess *Session) release() { sess.cancel() }

func (sess *Session) Close() { sess.release() }

func (s *Store) Touch(ctx context.Context) {
	s.open(ctx) // want "GF308 (preview): s.open\(…\) returns a Session whose goroutine \(watch\) ends only when Close cancels its ctx context; the result is discarded"
}

func (s *Store) ID(ctx context.Context) int {
	sess := s.open(ctx) // want "GF308 (preview): s.open\(…\) starts a goroutine \(watch\) that ends only when Close cancels sess.ctx"
	return sess.id
}
