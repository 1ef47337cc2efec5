"""Per-function summaries: what a function does to the values it reaches, computed once per
package model and asked by any rule (go/analysis's facts, within one package).

A summary lists the function's *events*: sends, receives and closes of channels, ``Lock`` and
``Unlock`` of mutexes, ``Add``/``Done``/``Wait`` of WaitGroups, calls of function values
(``cancel()``), each with the operand as written (``s.mu``, ``ch``) and whether it is deferred.
Nested function literals are functions of their own, except one called on the spot or deferred
(``defer func() { mu.Unlock() }()``), whose events belong to the function that runs it.

Parameters make summaries compose: ``param_effects(i)`` says what the function does to its
``i``-th parameter, directly or by handing it to another function of the package whose summary
says so (``closeAll(ch)`` closes ``ch`` when ``closeAll`` closes its parameter). This is what
rules mean by "a helper that calls its argument": they ask here instead of guessing from names.

Operands are compared as text with blanks and parentheses removed: two spellings of one value
in one function (``s.mu`` and ``s.mu``) match; aliases (``m := &s.mu``) do not, and a rule
treats "not found" as "unknown".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from .files import FileIndex
from .syntax import FUNC_TYPES, is_field, named, unparen

# method name -> event kind, for calls ``x.M()`` made as statements
_METHOD_EVENTS = {
    "Lock": "lock",
    "RLock": "rlock",
    "Unlock": "unlock",
    "RUnlock": "runlock",
    "TryLock": "trylock",
    "Add": "add",
    "Done": "done",
    "Wait": "wait",
    "Go": "go",
    "Stop": "stop",
}
_BLANKS = re.compile(rb"[\s()]+")


def operand_key(data: bytes, node: Node | None) -> str | None:
    """The operand as compared across events: its text without blanks or parentheses."""
    if node is None:
        return None
    return _BLANKS.sub(b"", data[node.start_byte : node.end_byte]).decode("utf-8", "replace")


@dataclass(frozen=True)
class Event:
    kind: str  # send recv close lock rlock unlock runlock trylock add done wait go stop call panic recover select-forever range
    subject: str | None  # the operand (a channel, mutex, WaitGroup, function value), as text
    node: Node
    deferred: bool = False


@dataclass
class FunctionSummary:
    func: Node
    file: FileIndex
    events: list[Event] = field(default_factory=list)
    params: list[str] = field(default_factory=list)  # parameter names in order ("" when unnamed)
    calls: list[Node] = field(default_factory=list)  # calls made by the function itself

    def of(self, kind: str, subject: str | None = None) -> list[Event]:
        """The events of ``kind`` (on ``subject`` when given)."""
        return [e for e in self.events if e.kind == kind and (subject is None or e.subject == subject)]

    def does(self, kind: str, subject: str | None = None) -> bool:
        return any(e.kind == kind and (subject is None or e.subject == subject) for e in self.events)

    @property
    def recovers(self) -> bool:
        """A deferred call runs ``recover()``: a panic in this function is caught here."""
        return any(e.kind == "recover" and e.deferred for e in self.events)

    @property
    def blocks_forever(self) -> bool:
        """``select {}``: the function never returns once it gets there."""
        return self.does("select-forever")


class Summaries:
    """Function summaries (mixed into the package model: it supplies ``files``, ``funcs``,
    ``lookup``, ``method`` and ``typeof``)."""

    files: list[FileIndex]

    def _init_summaries(self) -> None:
        self._summaries: dict[tuple, FunctionSummary] = {}
        self._param_effects: dict[tuple, frozenset[str]] = {}

    def summary(self, f: FileIndex, fn: Node) -> FunctionSummary:
        """The summary of a function declaration, method or literal of file ``f``."""
        key = (f.idx, fn.start_byte, fn.end_byte)
        got = self._summaries.get(key)
        if got is None:
            got = self._summaries[key] = _summarise(f, fn)
        return got

    def callee(self, f: FileIndex, call: Node) -> tuple[FileIndex, Node] | None:
        """The function of the package a call runs: a function declared in the package (not
        shadowed by a local), or a method found through the operand's type."""
        fn = unparen(call.child_by_field_name("function"))
        if fn is None:
            return None
        if fn.type == "identifier":
            name = f.text(fn)
            if name in self.funcs and self.lookup(f, fn)[0] is None:
                decl, df = self.funcs[name]
                return df, decl
            return None
        if fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            fl = fn.child_by_field_name("field")
            if op is None or fl is None or self.is_import(f, op):
                return None
            m = self.method(self.typeof(f, op), f.text(fl))
            return None if m is None else (m.file, m.decl)
        if fn.type == "func_literal":
            return f, fn
        return None

    def param_effects(self, f: FileIndex, fn: Node, i: int, _seen: frozenset = frozenset()) -> frozenset[str]:
        """The kinds of event the function applies to its ``i``-th parameter: directly
        (``close(ch)``, ``cancel()``, ``wg.Done()``) or by passing it to a function of the
        package that does."""
        key = (f.idx, fn.start_byte, fn.end_byte, i)
        if key in self._param_effects:
            return self._param_effects[key]
        if key in _seen:
            return frozenset()
        s = self.summary(f, fn)
        if i >= len(s.params) or not s.params[i]:
            return frozenset()
        name = s.params[i]
        kinds = {e.kind for e in s.events if e.subject == name}
        for call in s.calls:
            args = named(call.child_by_field_name("arguments"))
            for j, a in enumerate(args):
                if operand_key(f.data, a) != name:
                    continue
                target = self.callee(f, call)
                if target is not None:
                    kinds |= self.param_effects(target[0], target[1], j, _seen | {key})
        got = frozenset(kinds)
        if not _seen:
            self._param_effects[key] = got
        return got


def _params(fn: Node, data: bytes) -> list[str]:
    out: list[str] = []
    plist = fn.child_by_field_name("parameters")
    for p in named(plist):
        if p.type not in ("parameter_declaration", "variadic_parameter_declaration"):
            continue
        names = p.children_by_field_name("name")
        if not names:
            out.append("")
        out.extend(data[n.start_byte : n.end_byte].decode("utf-8", "replace") for n in names)
    return out


def _runs_here(lit: Node) -> bool:
    """A function literal called on the spot (``func(){…}()``) or by ``defer``."""
    call = lit.parent
    return call is not None and call.type == "call_expression" and is_field(call, "function", lit)


def _summarise(f: FileIndex, fn: Node) -> FunctionSummary:
    data = f.data
    s = FunctionSummary(fn, f, params=_params(fn, data))
    body = fn.child_by_field_name("body")
    if body is None:
        return s
    # (node, deferred) pairs to visit; nested literals that run later are skipped
    stack: list[tuple[Node, bool]] = [(c, False) for c in reversed(body.named_children)]
    while stack:
        n, deferred = stack.pop()
        t = n.type
        if t in FUNC_TYPES:
            if t == "func_literal" and _runs_here(n):
                inner = n.child_by_field_name("body")
                if inner is not None:
                    stack.extend((c, deferred) for c in reversed(inner.named_children))
            continue
        if t == "defer_statement":
            stack.extend((c, True) for c in reversed(n.named_children))
            continue
        if t == "go_statement":
            continue  # runs elsewhere: its events are the goroutine's, not this function's
        if t == "send_statement":
            s.events.append(Event("send", operand_key(data, n.child_by_field_name("channel")), n, deferred))
        elif t == "unary_expression":
            op = n.child_by_field_name("operator")
            if op is not None and op.type == "<-":
                s.events.append(Event("recv", operand_key(data, n.child_by_field_name("operand")), n, deferred))
        elif t == "select_statement":
            if not any(c.type == "communication_case" or c.type == "default_case" for c in n.named_children):
                s.events.append(Event("select-forever", None, n, deferred))
        elif t == "range_clause":
            s.events.append(Event("range", operand_key(data, n.child_by_field_name("right")), n, deferred))
        elif t == "call_expression":
            s.calls.append(n)
            _call_event(s, n, data, deferred)
        stack.extend((c, deferred) for c in reversed(n.named_children))
    return s


def _call_event(s: FunctionSummary, call: Node, data: bytes, deferred: bool) -> None:
    fn = unparen(call.child_by_field_name("function"))
    if fn is None:
        return
    args = named(call.child_by_field_name("arguments"))
    if fn.type == "identifier":
        name = data[fn.start_byte : fn.end_byte].decode("utf-8", "replace")
        if name == "close" and len(args) == 1:
            s.events.append(Event("close", operand_key(data, args[0]), call, deferred))
        elif name == "panic":
            s.events.append(Event("panic", None, call, deferred))
        elif name == "recover":
            s.events.append(Event("recover", None, call, deferred))
        else:
            s.events.append(Event("call", name, call, deferred))
    elif fn.type == "selector_expression":
        field_node = fn.child_by_field_name("field")
        name = "" if field_node is None else data[field_node.start_byte : field_node.end_byte].decode("utf-8", "replace")
        kind = _METHOD_EVENTS.get(name)
        operand = operand_key(data, fn.child_by_field_name("operand"))
        if kind is not None and (call.parent is None or call.parent.type in ("expression_statement", "defer_statement")):
            s.events.append(Event(kind, operand, call, deferred))
        else:
            s.events.append(Event("call", operand_key(data, fn), call, deferred))


# -- releases through helpers and the callers of a function -------------------------------------

_RELEASE_KINDS = {"Unlock": "unlock", "RUnlock": "runlock"}
_ACQUIRE = {"unlock": "lock", "runlock": "rlock"}
_MAX_HELPER_DEPTH = 4  # helpers that hand a lock on to helpers, followed this deep


def release_kind(method: str) -> str | None:
    """The summary event a release method makes (``Unlock`` -> "unlock")."""
    return _RELEASE_KINDS.get(method)


def _rebase(subject: str, old: str, new: str) -> str | None:
    """``subject`` with its root ``old`` replaced by ``new`` (``s.mu`` with ``s`` -> ``c.s``
    gives ``c.s.mu``), or None when ``subject`` is not rooted at ``old``."""
    if subject == old:
        return new
    if subject.startswith(old + "."):
        return new + subject[len(old) :]
    return None


# What a call releases, as its caller writes it, and who calls a function (asked of a package
# model: its ``summary``, ``callee``, ``lookup`` and ``memo``).
#
# A helper that unlocks a lock its caller took is common (``s.unlockAndNotify()``,
# ``failSetup(err)`` a closure that unlocks before reporting, ``release(&s.mu)``): a rule that
# follows a lock along a path counts such a call as the release. A helper counts when it
# releases the lock on some path (conditions are not evaluated): a missed finding costs less
# than a wrong one.


def _released_in(model, f: FileIndex, fn: Node, kind: str, depth: int) -> frozenset[str]:
    """The subjects ``fn`` releases for its caller (events of ``kind``, deferred or not,
    directly or through helpers of the package, of locks ``fn`` does not take itself), as
    ``fn`` writes them."""
    memo = model.memo(("summaries: released", kind), dict)
    key = (f.idx, fn.start_byte, fn.end_byte)
    if key in memo:
        return memo[key]
    memo[key] = frozenset()  # recursion ends here
    s = model.summary(f, fn)
    out = {e.subject for e in s.events if e.kind == kind and e.subject}
    if depth < _MAX_HELPER_DEPTH:
        for call in s.calls:
            out |= call_releases(model, f, call, kind, depth + 1)
    # a lock the function takes itself and releases is not its caller's (``cleanup`` that
    # locks and defers the unlock; ``writeLocked`` that drops the lock and takes it again)
    out -= {e.subject for e in s.events if e.kind == _ACQUIRE[kind]}
    got = memo[key] = frozenset(out)
    return got


def call_target(model, f: FileIndex, call: Node) -> tuple[FileIndex, Node] | None:
    """``model.callee``, and also a function literal held in a local variable (``fail :=
    func(err error) {…}``; ``fail(err)``)."""
    got = model.callee(f, call)
    if got is not None:
        return got
    fn = unparen(call.child_by_field_name("function"))
    if fn is not None and fn.type == "identifier":
        d, _owner = model.lookup(f, fn)
        init = unparen(d.init) if d is not None and d.kind == "local" else None
        if init is not None and init.type == "func_literal":
            return f, init
    return None


def call_releases(model, f: FileIndex, call: Node, kind: str, depth: int = 0) -> frozenset[str]:
    """The subjects a call of a function, method or closure of the package releases (events
    of ``kind``: "unlock", "runlock"), as the caller writes them: the callee's receiver and
    parameters are replaced by the call's operand and arguments (``js.mu`` in ``(js *JS)
    unlockAll()`` is ``c.js.mu`` for ``c.js.unlockAll()``, ``mu`` in ``release(mu
    *sync.Mutex)`` is ``s.mu`` for ``release(&s.mu)``); a closure's and a package variable's
    subjects stay as they are."""
    target = call_target(model, f, call)
    if target is None:
        return frozenset()
    tf, tfn = target
    inner = _released_in(model, tf, tfn, kind, depth)
    if not inner:
        return inner
    return in_caller_terms(model, f, call, tf, tfn, inner)


def in_caller_terms(model, f: FileIndex, call: Node, tf: FileIndex, tfn: Node, subjects: frozenset[str]) -> frozenset[str]:
    """``subjects`` as written in ``tfn`` (the function ``call`` runs, of file ``tf``), as the
    caller of file ``f`` writes them: the callee's receiver and parameters are replaced by the
    call's operand and arguments, package variables stay, a closure's subjects stay (it names
    what it captures as its caller does); subjects rooted at the callee's own locals are left
    out."""
    if tfn.type == "func_literal":
        return subjects
    fn = unparen(call.child_by_field_name("function"))
    roots: list[tuple[str, str]] = []  # (the callee's name, the caller's expression)
    if fn is not None and fn.type == "selector_expression" and tfn.type == "method_declaration":
        recv = named(tfn.child_by_field_name("receiver"))
        rn = recv[0].child_by_field_name("name") if recv else None
        op = operand_key(f.data, fn.child_by_field_name("operand"))
        if rn is not None and op:
            roots.append((tf.text(rn), op))
    params = model.summary(tf, tfn).params
    for i, a in enumerate(named(call.child_by_field_name("arguments"))):
        if i < len(params) and params[i]:
            text = operand_key(f.data, a) or ""
            roots.append((params[i], text[1:] if text.startswith("&") else text))
    out: set[str] = set()
    local = set(params) | {r for r, _e in roots}
    for subject in subjects:
        mapped = [m for r, e in roots if (m := _rebase(subject, r, e)) is not None]
        if mapped:
            out.update(mapped)
        elif subject.split(".", 1)[0] not in local and subject.split(".", 1)[0] in model.pkg_vars:
            out.add(subject)  # a package variable: the same in every function
    return frozenset(out)


def released_by(model, f: FileIndex, fn: Node, kind: str) -> frozenset[str]:
    """The subjects ``fn`` releases for its caller, itself or through helpers of the package
    (events of ``kind``, deferred or not, of locks it does not take itself), as ``fn`` writes
    them."""
    return _released_in(model, f, fn, kind, 0)


def callers(model, f: FileIndex, fn: Node) -> list[tuple[FileIndex, Node]]:
    """The calls in the package (its files, tests included) that run ``fn`` (resolved by
    ``call_target``), in file and document order."""

    def index() -> dict[tuple, list[tuple[FileIndex, Node]]]:
        got: dict[tuple, list[tuple[FileIndex, Node]]] = {}
        for g in model.files:
            for call in g.nodes_of("call_expression"):
                t = call_target(model, g, call)
                if t is not None:
                    got.setdefault((t[0].idx, t[1].start_byte, t[1].end_byte), []).append((g, call))
        return got

    return model.memo("summaries: callers", index).get((f.idx, fn.start_byte, fn.end_byte), [])
