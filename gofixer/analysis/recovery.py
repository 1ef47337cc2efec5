"""Whether a panic in a function is recovered, and which calls panic on purpose or end a
test's goroutine: the premises of "a panic (or FailNow) skips the unlock".

A panic nobody recovers ends the process, and then a skipped ``mu.Unlock()`` changes nothing;
the defect is real when the program goes on: a deferred ``recover`` in the function or in a
function of the package that calls it (the panic unwinds through its callers), or net/http,
which recovers the panic of a handler. A goroutine's panic unwinds only that goroutine, so the
function that starts it does not count.

"May panic" means an explicit ``panic(…)``, a ``MustX`` function (Go's convention for "panics
on error": ``regexp.MustCompile``, ``template.Must``), or a function of the package whose doc
comment says it panics; not any call (``time.Now()`` and ``runtime.Gosched()`` do not).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from tree_sitter import Node

from . import nethttp, summaries
from .errcheck import TESTIFY_REQUIRE
from .files import FileIndex
from .locks import doc_comment
from .model import PackageModel
from .syntax import callee_name, named, unparen, walk_same_function
from .testfail import GOEXIT_METHODS

_MAX_DEPTH = 4  # callers followed this many calls up
# the methods of testing.T/B/F/TB that end the test's goroutine (runtime.Goexit)
TEST_ENDING = frozenset(m.decode() for m in GOEXIT_METHODS)
_TESTING_TYPES = frozenset({"T", "B", "F", "TB"})
_PANICS = re.compile(r"\bpanics\b", re.I)  # "Register panics if …", as Go docs say it


def recovered_by(model: PackageModel, f: FileIndex, fn: Node, _depth: int = 0, _seen: frozenset = frozenset()) -> str | None:
    """Who recovers a panic raised in ``fn`` (a function declaration, method or literal of file
    ``f``), in words: its own deferred ``recover``, net/http (``fn`` or a caller is a handler),
    or a caller in the package that defers a ``recover`` (callers by ``summaries.callers``,
    ``go`` statements excluded, and for code outside tests the callers in tests, whose
    ``recover`` asserts that the panic happens). None when nothing the package shows recovers
    it."""
    key = (f.idx, fn.start_byte, fn.end_byte)
    if key in _seen or _depth > _MAX_DEPTH:
        return None
    if not _depth and not model.memo("recovery: may recover", lambda: any(b"recover()" in g.data or b"ResponseWriter" in g.data for g in model.files)):
        return None  # nothing in the package recovers, nor serves HTTP
    name = _name(f, fn)
    if model.summary(f, fn).recovers:
        return f"the deferred recover in {name}"
    if f.http is not None and nethttp.is_handler(fn, f.data, f.http):
        return f"net/http, which recovers a handler's panic ({name} serves HTTP)"
    if _goroutine_literal(fn):
        return None  # a goroutine's panic unwinds that goroutine only
    for g, call in summaries.callers(model, f, fn):
        if call.parent is not None and call.parent.type == "go_statement":
            continue
        if g.is_test and not f.is_test:
            continue  # a test that recovers asserts the panic; the program does not go on
        caller = g.enclosing_func(call)
        if caller is None:
            continue
        got = recovered_by(model, g, caller, _depth + 1, _seen | {key})
        if got is not None:
            return got
    return None


# -- the recover() a function defers ------------------------------------------------------------


def calls_recover(func: Node, data: bytes) -> Node | None:
    """The first ``recover()`` that ``func`` calls itself (not in closures it makes)."""
    body = func.child_by_field_name("body")
    for n in walk_same_function(body) if body is not None else ():
        if n.type == "call_expression" and not named(n.child_by_field_name("arguments")):
            fn = unparen(n.child_by_field_name("function"))
            if fn is not None and fn.type == "identifier" and data[fn.start_byte : fn.end_byte] == b"recover":
                return n
    return None


def deferred_recover(func: Node, data: bytes, resolve: Callable[[Node], Node | None] | None = None) -> Node | None:
    """The ``recover()`` that catches a panic in ``func``'s body: one called directly by a
    function ``func`` defers, a literal (``defer func() { … recover() … }()``) or, through
    ``resolve`` (a call's callee -> its declaration), a named function (``defer
    s.handlePanic()``). None when nothing ``func`` defers recovers."""
    body = func.child_by_field_name("body")
    for n in walk_same_function(body) if body is not None else ():
        if n.type != "defer_statement":
            continue
        call = next((c for c in n.named_children if c.type == "call_expression"), None)
        callee = None if call is None else unparen(call.child_by_field_name("function"))
        if callee is None:
            continue
        if callee.type == "func_literal":
            found = calls_recover(callee, data)
        elif resolve is not None:
            target = resolve(call)
            found = None if target is None else calls_recover(target, data)
        else:
            found = None
        if found is not None:
            return found
    return None


def _goroutine_literal(fn: Node) -> bool:
    call = fn.parent
    return fn.type == "func_literal" and call is not None and call.type == "call_expression" and call.parent is not None and call.parent.type == "go_statement"


def _name(f: FileIndex, fn: Node) -> str:
    if fn.type == "func_literal":
        return f"the function literal at {f.where(fn)}"
    nm = fn.child_by_field_name("name")
    return f.text(nm) if nm is not None else "the function"


def panics_on_purpose(model: PackageModel, f: FileIndex, call: Node) -> bool:
    """Is ``call`` an explicit ``panic(…)``, a ``MustX(…)`` call, or a call of a function of
    the package whose doc comment says it panics?"""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return False
    if fn.type == "identifier":
        name = f.text(fn)
        if name == "panic":
            return model.lookup(f, fn)[0] is None and "panic" not in model.funcs
    elif fn.type == "selector_expression":
        name = f.text(fn.child_by_field_name("field"))
    else:
        return False
    if name.startswith("Must") and (len(name) == 4 or name[4].isupper()):
        return True
    target = model.callee(f, call)
    if target is None or target[1].type == "func_literal":
        return False
    return _PANICS.search(doc_comment(target[0], target[1])) is not None


def ends_test(model: PackageModel, f: FileIndex, call: Node, _depth: int = 0) -> bool:
    """Does ``call`` end the test's goroutine when its check fails: ``t.Fatal``/``FailNow``/
    ``Skip…`` on a value of type ``*testing.T``/``B``/``F`` or ``testing.TB``, testify's
    ``require.X(…)``, or a function of the package that does so with its testing parameter
    (``requireLen(t, …)``)?"""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return False
    if fn.type == "selector_expression":
        op = fn.child_by_field_name("operand")
        field = f.text(fn.child_by_field_name("field"))
        if op is None:
            return False
        if op.type == "identifier" and model.is_import(f, op):
            return f.imports.get(TESTIFY_REQUIRE) == f.text(op)
        if field in TEST_ENDING and _testing_value(model, f, op):
            return True
    if _depth >= 2:
        return False
    target = model.callee(f, call)
    if target is None:
        return False
    tf, tfn = target
    s = model.summary(tf, tfn)
    for c in s.calls:
        if ends_test(model, tf, c, _depth + 1) and _on_parameter(tf, c, s.params):
            return True
    return False


def _testing_value(model: PackageModel, f: FileIndex, op: Node) -> bool:
    t = model.typeof(f, op)
    while t is not None and t[0] == "ptr":
        t = t[1]
    return t is not None and t[0] == "ext" and t[1] == "testing" and t[2] in _TESTING_TYPES


def _on_parameter(f: FileIndex, call: Node, params: list[str]) -> bool:
    """Is the testing value the call fails through one of the helper's parameters (``t`` in
    ``t.Fatalf`` or ``require.Len(t, …)``)?"""
    fn = unparen(call.child_by_field_name("function"))
    names = set(params) - {""}
    if fn is not None and fn.type == "selector_expression":
        op = fn.child_by_field_name("operand")
        if op is not None and op.type == "identifier" and f.text(op) in names:
            return True
    return any(a.type == "identifier" and f.text(a) in names for a in named(call.child_by_field_name("arguments")))


_FUNC = re.compile(rb"^func[ \t]+(?:\([^)\n]*\)[ \t]*)?([A-Za-z_][A-Za-z0-9_]*)", re.M)


def documented_panickers(data: bytes) -> frozenset[str]:
    """The functions and methods of a file whose doc comment says they panic, read from the
    bytes (a cheap test before ``panics_on_purpose`` asks the model)."""
    if b"panics" not in data:
        return frozenset()
    out = set()
    for m in _FUNC.finditer(data):
        end = m.start()
        start = end
        while start > 0:  # the comment lines right above the declaration
            prev = data.rfind(b"\n", 0, start - 1) + 1
            if not data[prev : start - 1].lstrip().startswith(b"//"):
                break
            start = prev
        if start < end and _PANICS.search(data[start:end].decode("utf-8", "replace")):
            out.add(m.group(1).decode("utf-8", "replace"))
    return frozenset(out)


# -- cheap tests on the bytes, before the model is asked ----------------------------------------

_MAY_FAIL_TEST = re.compile(rb"Fatal|FailNow|Skip|require|must|check|assert|expect", re.I)
_TESTING_NAMES = frozenset({b"t", b"b", b"tb", b"f"})


def may_fail_test(call: Node, data: bytes) -> bool:
    """Can the call fail a test, judged from its text: a name that says so (``Fatal``,
    ``require…``, ``check…``) or a testing value handed to it (``encode(t, …)``)? A necessary
    condition of ``ends_test``."""
    if _MAY_FAIL_TEST.search(data[call.start_byte : call.end_byte]):
        return True
    return any(a.type == "identifier" and data[a.start_byte : a.end_byte] in _TESTING_NAMES for a in named(call.child_by_field_name("arguments")))


def spelled_panic(call: Node, data: bytes) -> bool:
    """``panic(…)`` or ``MustX(…)`` / ``x.MustX(…)`` as spelled (``panics_on_purpose`` then
    checks that ``panic`` is the builtin)."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "selector_expression":
        fn = fn.child_by_field_name("field")
    if fn is None or fn.type not in ("identifier", "field_identifier"):
        return False
    name = data[fn.start_byte : fn.end_byte]
    return name == b"panic" or (name.startswith(b"Must") and (len(name) == 4 or name[4:5].isupper()))


def _documented_panickers(ctx) -> frozenset[str]:
    """Names of the package's functions documented to panic, from the bytes of its files
    (once per package and directory state, and once per check for the file itself)."""
    own = ctx.__dict__.get("_documented_panickers")
    if own is None:
        own = ctx.__dict__["_documented_panickers"] = documented_panickers(ctx.data)
    return own | ctx.package.package_memo(
        "recovery: documented panickers", lambda files: frozenset().union(*(documented_panickers(s.source.data) for s in files))
    )


def first_panic_or_test_end(ctx, calls: list[Node]) -> tuple[Node, bool] | None:
    """Among ``calls`` (of the rule's file context ``ctx``), the first that panics on purpose
    (True), or else, in a test file, the first that can end the test's goroutine (False).
    What each kind needs is judged from the bytes before the model is asked: an explicit panic
    or a MustX call; a package that documents a function as panicking; in a test, a name that
    may fail it."""
    data = ctx.data
    explicit = [c for c in calls if spelled_panic(c, data)]
    documented = _documented_panickers(ctx) if not explicit else frozenset()
    maybe_doc = any(callee_name(c, data) in documented for c in calls)
    maybe_test = not explicit and ctx.path.endswith("_test.go") and any(may_fail_test(c, data) for c in calls)
    if not (explicit or maybe_doc or maybe_test):
        return None
    model, f = ctx.model, ctx.index
    panicking = next((c for c in explicit if panics_on_purpose(model, f, c)), None)
    if panicking is None and maybe_doc:
        panicking = next((c for c in calls if callee_name(c, data) in documented and panics_on_purpose(model, f, c)), None)
    if panicking is not None:
        return panicking, True
    if maybe_test:
        ending = next((c for c in calls if ends_test(model, f, c)), None)
        if ending is not None:
            return ending, False
    return None
