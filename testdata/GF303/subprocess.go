// Package media converts files with an external tool, given the caller's context.
package media

import (
	"context"
	"os/exec"
)

func Convert(ctx context.Context, in, out string) error {
	return exec.Command("ffmpeg", "-i", in, out).Run() // want "GF303: exec.Command\(…\) cannot be cancelled: the subprocess runs on after ctx is done; use exec.CommandContext\(ctx, …\)"
}

func Probe(ctx context.Context, in string) ([]byte, error) {
	cmd := exec.Command("ffprobe", in) // want "GF303: exec.Command\(…\) cannot be cancelled"
	cmd.Dir = "/tmp"
	return cmd.Output()
}

// Serve starts a helper that is meant to keep running: it is not waited for here.
func Serve(ctx context.Context, sock string) (*exec.Cmd, error) {
	helper := exec.Command("helperd", "--socket", sock) // want "GF303: exec.Command\(…\) cannot be cancelled"
	if err := helper.Start(); err != nil {
		return nil, err
	}
	return helper, nil
}

// Thumbnails runs one conversion per file in a goroutine of its own.
func Thumbnails(ctx context.Context, files []string) {
	for _, f := range files {
		go func(name string) {
			_ = exec.Command("convert", name, name+".png").Run() // want "GF303: exec.Command\(…\) cannot be cancelled"
		}(f)
	}
}
