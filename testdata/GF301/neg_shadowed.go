package p

import (
	ctxpkg "context"
	"errors"
)

type fakeContext struct{}

func (fakeContext) WithCancel(x int) (int, func()) { return x, func() {} }

// A local named like the context import is not the package (go vet agrees when the name is not
// "context"; tests/test_gf301_paths.py covers a local named context).
func shadowed(parent ctxpkg.Context, fail bool) error {
	ctxpkg := fakeContext{}
	n, _ := ctxpkg.WithCancel(1)
	if fail {
		return errors.New("fail")
	}
	_ = n
	return parent.Err()
}
