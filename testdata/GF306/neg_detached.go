// Package audit records what happened, on purpose beyond the caller's context.
package audit

import (
	"context"
	"errors"
	"time"
)

type Sink interface {
	Write(ctx context.Context, line string) error
}

type Log struct {
	sink  Sink
	queue chan context.Context
}

// Record keeps working after the caller returns: a goroutine with a context of its own.
func (l *Log) Record(ctx context.Context, line string) {
	go func() {
		l.sink.Write(context.Background(), line)
	}()
}

// Flush writes its last line even when the caller's context is done.
func (l *Log) Flush(ctx context.Context, line string) error {
	err := l.sink.Write(ctx, line)
	if errors.Is(err, context.DeadlineExceeded) {
		return l.sink.Write(context.Background(), line+" (late)")
	}
	select {
	case <-ctx.Done():
		return l.sink.Write(context.Background(), "flush cancelled")
	default:
	}
	defer l.sink.Write(context.Background(), "flushed")
	return err
}

// Detach hands out a context that must outlive the call.
func (l *Log) Detach(ctx context.Context) context.Context {
	return context.WithValue(context.Background(), "parent", ctx)
}

// Start schedules a write for later; the callback may run after Start returns.
func (l *Log) Start(ctx context.Context) {
	time.AfterFunc(time.Second, func() {
		l.sink.Write(context.Background(), "tick")
	})
	l.queue <- context.Background()
}

func NoParameter(l *Log) error {
	return l.sink.Write(context.Background(), "boot")
}

// Derived keeps a fresh context beside the caller's, with a timeout of its own, for a step
// that must not be cut short; it is handed to a goroutine.
func (l *Log) Derived(ctx context.Context, line string) {
	wctx, cancel := context.WithTimeout(context.Background(), time.Second)
	go func() {
		defer cancel()
		l.sink.Write(wctx, line)
	}()
}

type logger interface {
	Printf(ctx context.Context, format string, args ...any)
	InfoContext(ctx context.Context, msg string, args ...any)
}

// Trace logs under a fresh context (a logger only reads values from it) and compares with one.
func Trace(ctx context.Context, lg logger, what string) bool {
	lg.Printf(context.Background(), "tracing %s", what)
	lg.InfoContext(context.Background(), "trace", "what", what)
	return ctx != context.Background()
}

// Lookup defaults a nil context, the way log/slog does.
func (l *Log) Lookup(ctx context.Context, line string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	return l.sink.Write(ctx, line)
}
