// Package session keeps the current session's cancel function in a package variable that
// nothing reads.
package session

import "context"

var (
	current    context.Context
	stopSess   context.CancelFunc
	rootCtx, _ = context.WithCancel(context.Background())
)

func Begin(parent context.Context) {
	current, stopSess = context.WithCancel(parent) // want "GF307 (preview): the cancel function stored in the package variable stopSess is never called"
}

func Current() context.Context { return current }

func Root() context.Context { return rootCtx }
