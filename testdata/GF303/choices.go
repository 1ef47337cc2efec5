// Package jobs runs commands for a scheduler that hands each job a context and keeps one of its
// own for the whole run.
package jobs

import (
	"context"
	"os/exec"
	"time"
)

type Runner struct {
	ctx context.Context // the scheduler's own lifetime
}

// Run has its caller's context and a narrower one: which one the command belongs to is a choice.
func (r *Runner) Run(ctx context.Context, name string) error {
	stepCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := exec.Command("prepare", name).Run(); err != nil { // want "GF303: exec.Command\(…\) cannot be cancelled.*no fix: 2 contexts are at hand \(ctx, stepCtx\)"
		return err
	}
	return exec.CommandContext(stepCtx, name).Run()
}

// Notify also uses the runner's own context, so the fix is a choice a reviewer makes.
func (r *Runner) Notify(ctx context.Context, hook string) error {
	go func() {
		<-r.ctx.Done()
	}()
	return exec.Command(hook).Run() // want "GF303: exec.Command\(…\) cannot be cancelled"
}

// Audit detaches its record on purpose and runs the command under the caller's context.
func (r *Runner) Audit(ctx context.Context, entry string) error {
	record(context.Background(), entry)
	return exec.Command("audit", entry).Run() // want "GF303: exec.Command\(…\) cannot be cancelled"
}

func record(ctx context.Context, entry string) {}
