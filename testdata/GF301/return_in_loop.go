package p

import (
	"context"
	"errors"
)

func each(parent context.Context, items []string) error {
	ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
	for _, it := range items {
		if it == "" {
			return errors.New("empty item")
		}
		if err := handle(ctx, it); err != nil {
			cancel()
			return err
		}
	}
	cancel()
	return nil
}

func labeled(parent context.Context, rows [][]string) error {
	ctx, cancel := context.WithCancel(parent) // want "GF301: the cancel function returned by context\.WithCancel is not called on ev"
outer:
	for _, row := range rows {
		for _, it := range row {
			if it == "stop" {
				break outer
			}
			if err := handle(ctx, it); err != nil {
				cancel()
				return err
			}
		}
	}
	return nil
}

func handle(ctx context.Context, it string) error {
	_ = it
	return ctx.Err()
}
