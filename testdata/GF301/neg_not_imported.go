package p

import "errors"

type ctxlib struct{}

func (ctxlib) WithTimeout(n int) (int, func()) { return n, func() {} }

var context ctxlib

func notImported(fail bool) error {
	n, _ := context.WithTimeout(3)
	if fail {
		return errors.New("fail")
	}
	_ = n
	return nil
}
