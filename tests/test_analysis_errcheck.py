"""The error check after a call (gofixer.analysis.errcheck), on its own."""

from __future__ import annotations

from gofixer.analysis import errcheck
from gofixer.analysis.files import import_names
from gofixer.analysis.syntax import statements, walk
from gofixer.source import parse

SRC = """package p

import (
	"log"
	"testing"

	"github.com/stretchr/testify/require"
)

func f(t *testing.T, get func() (int, error)) int {
	v, err := get()
	if err != nil {
		return 0
	}
	if err != nil {
		log.Printf("%v", err)
	}
	if err != nil {
		t.Fatalf("get: %v", err)
	}
	if err == nil {
		t.Fatal("no error")
	}
	if err == nil {
		return v
	}
	if err != nil {
		return 0
	} else {
		v++
	}
	require.NoError(t, err)
	require.NoError(t, v)
	if err != nil && v > 0 {
		panic(err)
	}
	return v
}
"""


def test_error_checks_that_leave_and_those_that_do_not() -> None:
    data = SRC.encode()
    root = parse(data).root_node
    imports = import_names(root, data)
    func = next(n for n in walk(root) if n.type == "function_declaration")
    stmts = statements(func.child_by_field_name("body"))[1:-1]
    leaves = [errcheck.error_check(s, data, imports, b"err", func) for s in stmts]
    # return; a log line falls through; t.Fatalf; ==; ==; an else; require.NoError(err);
    # require.NoError(v); a condition that is not a plain nil test
    assert leaves == [True, False, True, False, False, False, True, False, False]
    ends_only = [errcheck.error_check(s, data, imports, b"err", func, op="==", allow_return=False) for s in stmts]
    assert ends_only == [False, False, False, True, False, False, False, False, False]
    assert errcheck.require_no_error(stmts[6], data, imports, b"err", func)
    assert not errcheck.require_no_error(stmts[6], data, {}, b"err", func)  # not testify's


def test_nil_comparison_either_way_round() -> None:
    data = b"package p\n\nvar a, b = x == nil, (nil) != x\nvar c = x == y\n"
    root = parse(data).root_node
    pairs = [(n, n.child_by_field_name("left")) for n in walk(root) if n.type == "binary_expression"]
    pairs[1] = (pairs[1][0], pairs[1][0].child_by_field_name("right"))
    assert [errcheck.nil_comparison(n, x) for n, x in pairs] == [True, True, False]
