"""Where a package copies values of a type (``copies.copy_reason``): what stands in the way of
adding a lock field to it. Each case is a small package; the answer names the first copy found.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gofixer.analysis import copies
from gofixer.analysis.model import PackageModel
from tests.gopackage import model_of

TYPE = "package p\n\ntype T struct{ n int }\n\nfunc (t *T) Inc() { t.n++ }\n"


def _model(tmp_path: Path, files: dict[str, str]) -> PackageModel:
    model, _files = model_of(tmp_path, files)
    memo: dict = model.memo("test: the model is the one asked", dict)
    assert model.memo("test: the model is the one asked", dict) is memo  # made once per model
    return model


@pytest.mark.parametrize(
    "use, reason",
    [
        ("func (t T) Get() int { return t.n }", "(T).Get has a value receiver (a copy of T would copy the mutex)"),
        ("func f(p *T) { x := *p; _ = x }", "a T value is copied at b.go:3"),
        ("func f(t T) {}", "a T is passed or returned by value at b.go:3"),
        ("var all []T", "T is used by value at b.go:3"),
        ("var t = T{1}", "an unkeyed T literal at b.go:3 would break with a new field"),
        ("type W struct{ t T }\n\nfunc g(w W) {}", "W contains a T and a W is passed or returned by value at b.go:5"),
        ("func f(p *T) int { p.Inc(); q := &T{n: 1}; return q.n }", None),
        ("var t = new(T)", None),
    ],
)
def test_the_first_copy_of_a_value(tmp_path: Path, use: str, reason: str | None) -> None:
    model = _model(tmp_path, {"a.go": TYPE, "b.go": f"package p\n\n{use}\n"})
    assert copies.copy_reason(model, model.types["T"]) == reason


def test_a_type_only_behind_pointers_has_no_value_to_copy(tmp_path: Path) -> None:
    model = _model(tmp_path, {"a.go": TYPE, "b.go": "package p\n\nvar ts []*T\n\nfunc f(p *T) *T { return p }\n"})
    f = next(f for f in model.files if f.name == "b.go")
    assert not copies.written_as_value(f, "T")
    assert copies.copy_reason(model, model.types["T"]) is None
