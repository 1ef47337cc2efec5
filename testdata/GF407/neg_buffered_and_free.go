package neg_buffered_and_free

import "sync"

type Log struct {
	mu    sync.Mutex
	lines []string
	out   chan string
	evts  chan string
}

func NewLog() *Log {
	l := &Log{out: make(chan string, 64), evts: make(chan string)}
	go l.drain()
	go l.watch()
	return l
}

func (l *Log) drain() {
	for s := range l.out {
		l.mu.Lock()
		l.lines = append(l.lines, s)
		l.mu.Unlock()
	}
}

// A buffered channel: the send waits only when the buffer is full.
func (l *Log) Print(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.out <- s
}

// The receiver never takes l.mu.
func (l *Log) watch() {
	for e := range l.evts {
		_ = e
	}
}

func (l *Log) Event(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evts <- s
}
