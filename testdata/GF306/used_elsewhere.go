// Package billing charges orders; the author uses the caller's context for most of the work.
package billing

import "context"

type Ledger interface {
	Charge(ctx context.Context, order string) error
	Note(ctx context.Context, order, text string) error
}

func Settle(ctx context.Context, l Ledger, order string) error {
	if err := l.Charge(ctx, order); err != nil {
		return err
	}
	return l.Note(context.Background(), order, "settled") // want "GF306 (preview): context.Background\(\) where the function was given ctx: the work here cannot be cancelled by its caller; ctx is used elsewhere in the function, so this may be on purpose"
}
