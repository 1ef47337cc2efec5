"""Counterparts: who else in the package can reach a channel, a ``sync.Cond`` or a
``sync.WaitGroup``, and what each place does with it.

A goroutine that waits (a receive, a send, ``Cond.Wait``, ``WaitGroup.Wait``) goes on only when
another one does its part: a send or a close, a receive, ``Signal``/``Broadcast``, ``Done``. This
module finds every use of one value across the package's files and sorts them by what they
do, so that a rule can ask "does anything ever send on this channel?" and get an answer it may
rely on: ``Uses.escape`` says why the answer may be incomplete (the value can be reached where
the package's syntax does not show it), and a rule that gets an escape says nothing.

The values followed (``Value``):

- a local variable of a function, through plain copies into other locals;
- a field of a struct type of the package, through every selector of it (a selector whose
  operand type is not known counts, as does a keyed element ``f: v`` of a literal whose type is
  elided); an exported field escapes, except in package ``main``, which nothing imports;
- a package-level variable, unexported or in package ``main``;
- where one of those is handed on: to a parameter of a function or method of the package (at
  that call), or returned by a function whose callers are then followed (an accessor such as
  ``func (s *S) Done() <-chan struct{} { return s.done }``). An exported function outside
  package ``main`` is called from other packages too: one that returns a receive-only channel
  hands out a value others can only receive from, anything else escapes.

Anything else escapes: the value stored in a slice, map or another field, sent on a channel,
passed to another package's function or to a function value, its address taken (for a
channel), assigned from something else than ``make`` or ``nil``, or set by a positional
composite literal. The model's types decide which struct a selector names; without them the
use counts for the field (a counterpart more makes a rule silent, never wrong).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tree_sitter import Node

from .closures import invoked_in_place
from .files import FileIndex
from .lexical import WORD_BYTES, word_offsets
from .syntax import FUNC_TYPES, is_field, named, same_node, unparen, walk
from .types import deref

# builtins that read a channel's state without sharing it
_NEUTRAL_BUILTINS = frozenset({"len", "cap"})
_FOLLOW_DEPTH = 4
_PARAMETERS = ("parameter_declaration", "variadic_parameter_declaration")


@dataclass(frozen=True)
class Value:
    """One value followed through the package: ``kind`` "local" (``key``: the file's index and
    where its name is declared), "field" (``key``: the struct type's name) or "global"."""

    kind: str
    name: str
    key: tuple = ()


@dataclass(frozen=True)
class Use:
    """A place that uses the value: ``kind`` is "send", "recv", "range", "close", "make",
    "nil", "neutral", "recv-elsewhere" (another package's receive, through an exported
    accessor) or "call:M" (a method ``M`` called on it: ``Wait``, ``Signal``, ``Done``…);
    ``node`` is the operation (the send statement, the receive, the call…), ``file`` its file;
    ``elsewhere``: it may run on another goroutine than the code that declares the value (it is
    in a function literal that does not run in place, or in a function a ``go`` statement
    starts, or the value is not a local)."""

    kind: str
    node: Node
    file: FileIndex
    elsewhere: bool = True


@dataclass
class Uses:
    """Every use of one value the package shows, and why there may be more (``escape``)."""

    value: Value
    uses: list[Use] = field(default_factory=list)
    escape: str | None = None
    assigned: bool = False  # given another value than make(...) or nil somewhere (or may be)

    def of(self, *kinds: str) -> list[Use]:
        return [u for u in self.uses if u.kind in kinds]

    def has(self, *kinds: str) -> bool:
        return any(u.kind in kinds for u in self.uses)

    def calls(self, *methods: str) -> list[Use]:
        """The calls of these methods on the value (``Wait``, ``Signal``…)."""
        return self.of(*(f"call:{m}" for m in methods))

    @property
    def confined(self) -> bool:
        """Every use is known: nothing outside what the package shows can reach the value."""
        return self.escape is None

    @property
    def made(self) -> list[Node]:
        """The ``make(…)`` (or ``sync.NewCond(…)``) calls that give the value."""
        return [u.node for u in self.uses if u.kind == "make"]

    @property
    def never_made(self) -> bool:
        """Always nil: no make, and never assigned anything else (a nil channel blocks
        every send and receive forever)."""
        return not self.assigned and not self.made

    def same_goroutine(self) -> bool:
        """Does every use run on the goroutine that declares the value (no other goroutine can
        reach it)?"""
        return self.confined and not any(u.elsewhere for u in self.uses if u.kind not in ("make", "nil", "neutral"))


# -- which value an expression is --------------------------------------------------------------


def value_of(model, f: FileIndex, expr: Node | None) -> Value | None:
    """The value an expression names: a local, a field of a struct type of the package, a
    package-level variable, or the field an accessor method returns (``s.Done()``). None for
    anything else (a parameter's value comes from the callers: it is not followed from here)."""
    e = unparen(expr)
    if e is None:
        return None
    if e.type == "identifier":
        b, fn = model.lookup(f, e)
        if b is not None:
            return Value("local", f.text(e), (f.idx, b.name_at)) if b.kind == "local" else None
        name = f.text(e)
        if name in model.pkg_vars and name not in f.import_names:
            return Value("global", name)
        return None
    if e.type == "selector_expression":
        op = e.child_by_field_name("operand")
        fl = e.child_by_field_name("field")
        if op is None or fl is None or model.is_import(f, op):
            return None
        name = f.text(fl)
        owner = field_owner(model, model.typeof(f, op), name)
        if owner is None:
            owner = _only_struct_with(model, name)
        return None if owner is None else Value("field", name, (owner,))
    if e.type == "call_expression" and not named(e.child_by_field_name("arguments")):
        target = model.callee(f, e)
        if target is None or target[1].type == "func_literal":
            return None
        returned = _returned_value(model, target[0], target[1])
        return returned
    return None


def field_owner(model, base, name: str, depth: int = 0) -> str | None:
    """The struct type of the package that declares field ``name`` of a value of type ``base``
    (through embedded fields); None when unknown or not a field of a package type."""
    base = deref(base)
    if base is None or base[0] != "named" or depth > 3:
        return None
    t = model.types.get(base[1])
    if t is None or t.ambiguous or t.struct is None:
        return None
    if name in t.field_nodes and name not in t.embedded:
        return t.name
    for e in t.embedded.values():
        got = field_owner(model, e, name, depth + 1)
        if got is not None:
            return got
    return None


def _only_struct_with(model, name: str) -> str | None:
    """The one named struct type of the package with a field ``name``, when no other struct
    (named or not) declares one."""
    if len(model.field_declarations(name)) != 1:
        return None
    owners = [t.name for t in model.types.values() if t.struct is not None and name in t.field_nodes]
    return owners[0] if len(owners) == 1 else None


def _returned_value(model, f: FileIndex, fn: Node) -> Value | None:
    """The value a function returns on every return that does not return nil (an accessor:
    ``return s.ch``), when it has one result."""
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    found: Value | None = None
    for n in walk(body):
        if n.type == "func_literal":
            continue
        if n.type != "return_statement":
            continue
        if _enclosing_func(n) is None or _enclosing_func(n).id != fn.id:
            continue
        vals = named(named(n)[0]) if named(n) and named(n)[0].type == "expression_list" else []
        if len(vals) != 1:
            return None
        v = unparen(vals[0])
        if v is not None and v.type == "nil":
            continue
        got = value_of(model, f, v)
        if got is None or (found is not None and got != found):
            return None
        found = got
    return found


def _enclosing_func(n: Node) -> Node | None:
    p = n.parent
    while p is not None and p.type not in FUNC_TYPES:
        p = p.parent
    return p


# -- every use of a value ----------------------------------------------------------------------


def uses(model, value: Value, package_main: bool, channel: bool = True) -> Uses:
    """Every use of ``value`` in the package (``package_main``: the package is a command, so
    its exported names reach nothing else; ``channel``: the value is a channel, which its
    address lets a callee replace, rather than a ``sync.Cond`` or ``sync.WaitGroup``, which is
    shared through its address). Kept with the model: every rule and file of the package asks
    about the same values."""
    key = ("counterparts", value, package_main, channel)
    return model.memo(key, lambda: _Collector(model, value, package_main, channel).run())


class _Collector:
    def __init__(self, model, value: Value, package_main: bool, channel: bool):
        self.model = model
        self.value = value
        self.main = package_main
        self.channel = channel
        self.out = Uses(value)
        self.followed: set[tuple] = set()

    def run(self) -> Uses:
        v = self.value
        if v.kind == "local":
            self._local(v)
        elif v.kind == "field":
            self._field(v)
        elif v.kind == "global":
            self._global(v)
        return self.out

    # -- where the value is named --------------------------------------------------------------

    def _escape(self, why: str) -> None:
        if self.out.escape is None:
            self.out.escape = why

    def _local(self, v: Value) -> None:
        idx, at = v.key
        f = self.model.files[idx]
        ident = f.root.descendant_for_byte_range(at, at + len(v.name.encode()))
        if ident is None or ident.type != "identifier":
            self._escape("not found")
            return
        b, fn = self.model.lookup(f, ident)
        if b is None or fn is None:
            self._escape("not found")
            return
        self._references(f, fn, v.name, b.name_at, fn, False, 0)

    def _references(
        self, f: FileIndex, scope: Node, name: str, name_at: int, home: Node, away: bool, depth: int, copy: bool = False
    ) -> None:
        """Every identifier in ``scope`` that resolves to the local declared at ``name_at``
        (``copy``: a local the value was copied into, whose declaration is that copy)."""
        key = (f.idx, name_at)
        if key in self.followed:
            return
        self.followed.add(key)
        want = name.encode()
        for n in walk(scope):
            if n.type != "identifier" or f.data[n.start_byte : n.end_byte] != want:
                continue
            if _keyed_key(n) is not None:
                continue  # a field's name in a literal (``ch: ch``), not the variable
            if n.start_byte == name_at and (copy or (n.parent is not None and n.parent.type == "parameter_declaration")):
                continue  # the copy's or the parameter's own name: its value is the one followed here
            b, _fn = self.model.lookup(f, n)
            if b is None or b.name_at != name_at:
                continue
            self._classify(f, n, home, away, depth)

    def _field(self, v: Value) -> None:
        (owner,) = v.key
        t = self.model.types.get(owner)
        if t is None or t.ambiguous:
            self._escape("its type is declared twice")
            return
        if v.name[:1].isupper() and not self.main:
            self._escape(f"{v.name} is exported")
            return
        want = v.name.encode()
        for f in self.model.files:
            for at in word_offsets(f.data, want):
                n = f.root.descendant_for_byte_range(at, at + len(want))
                if n is None or n.start_byte != at or n.end_byte != at + len(want):
                    continue
                p = n.parent
                if n.type == "field_identifier" and p is not None and p.type == "selector_expression" and is_field(p, "field", n):
                    op = p.child_by_field_name("operand")
                    if op is not None and self.model.is_import(f, op):
                        continue
                    base = self.model.typeof(f, op)
                    if base is not None:
                        got = field_owner(self.model, base, v.name)
                        if got != owner:
                            continue  # another type's field, or a method
                    self._classify(f, p, None, True, 0)
                elif n.type in ("identifier", "field_identifier") and _keyed_key(n) is not None:
                    elem = _keyed_key(n)
                    if not self._literal_may_be(f, elem, owner):
                        continue
                    value = named(named(elem)[1])[0] if len(named(elem)) == 2 and named(named(elem)[1]) else None
                    self._assigned(f, value, elem)
        self._positional_literals(owner, len(t.field_nodes))

    def _literal_may_be(self, f: FileIndex, keyed: Node, owner: str) -> bool:
        """May the composite literal holding the keyed element be of the struct ``owner``?"""
        lit = keyed.parent
        if lit is None or lit.type != "literal_value":
            return False
        comp = lit.parent
        if comp is not None and comp.type == "composite_literal":
            base = self.model.rep(f, comp.child_by_field_name("type"))
            if base is None:
                return comp.child_by_field_name("type") is not None and comp.child_by_field_name("type").type not in (
                    "map_type",
                    "slice_type",
                    "array_type",
                )
            base = deref(base)
            return base is not None and base[0] == "named" and (base[1] == owner or field_owner(self.model, base, self.value.name) == owner)
        return True  # an element of an outer literal, its type elided

    def _positional_literals(self, owner: str, nfields: int) -> None:
        """``T{a, b}`` sets every field without naming it."""
        want = owner.encode()
        for f in self.model.files:
            for at in word_offsets(f.data, want):
                n = f.root.descendant_for_byte_range(at, at + len(want))
                if n is None or n.type != "type_identifier":
                    continue
                comp = n.parent
                if comp is not None and comp.type == "generic_type":
                    comp = comp.parent
                if comp is None or comp.type != "composite_literal":
                    continue
                body = comp.child_by_field_name("body")
                if any(c.type == "literal_element" for c in named(body)):
                    self._escape(f"a {owner} literal sets its fields by position")
                    self.out.assigned = True
                    return

    def _global(self, v: Value) -> None:
        if v.name[:1].isupper() and not self.main:
            self._escape(f"{v.name} is exported")
            return
        want = v.name.encode()
        for f in self.model.files:
            for at in word_offsets(f.data, want):
                n = f.root.descendant_for_byte_range(at, at + len(want))
                if n is None or n.type != "identifier" or n.start_byte != at:
                    continue
                p = n.parent
                if _keyed_key(n) is not None or (p is not None and p.type in _PARAMETERS):
                    continue  # a field's name in a literal, a parameter's in a function type
                if p is not None and p.type == "var_spec":
                    if _enclosing_func(p) is not None:
                        continue  # a local of the same name

                    vals = named(p.child_by_field_name("value"))
                    names = p.children_by_field_name("name")
                    i = next((k for k, x in enumerate(names) if x.id == n.id), None)
                    if i is None:
                        continue
                    if not vals:
                        continue  # ``var ch chan T``: nil until assigned
                    if len(vals) == len(names):
                        self._assigned(f, vals[i], n)
                    else:
                        self._escape("declared from a multi-value call")
                        self.out.assigned = True
                    continue
                if self.model.lookup(f, n)[0] is not None or v.name in f.import_names:
                    continue
                self._classify(f, n, None, True, 0)

    # -- what one use does ---------------------------------------------------------------------

    def _add(self, kind: str, node: Node, f: FileIndex, home: Node | None, away: bool) -> None:
        elsewhere = away or home is None or _runs_elsewhere(node, home)
        self.out.uses.append(Use(kind, node, f, elsewhere))

    def _assigned(self, f: FileIndex, value: Node | None, at: Node) -> None:
        """The value is given ``value`` here (a declaration, an assignment, a keyed element)."""
        v = unparen(value)
        if v is None:
            self._escape("assigned from several values")
            self.out.assigned = True
        elif v.type == "nil":
            self.out.uses.append(Use("nil", at, f))
        elif _is_make(v, f) or _is_new_cond(v, f):
            self.out.uses.append(Use("make", v, f))
        else:
            self._escape(f"assigned from {f.text(v)[:40]}")
            self.out.assigned = True

    def _classify(self, f: FileIndex, e: Node, home: Node | None, away: bool, depth: int) -> None:
        n = e
        p = n.parent
        while p is not None and p.type == "parenthesized_expression":
            n, p = p, p.parent
        if p is None:
            self._escape("unknown use")
            return
        t = p.type
        if t == "send_statement":
            if is_field(p, "channel", n):
                self._add("send", p, f, home, away)
            else:
                self._escape("sent on a channel")
        elif t == "unary_expression":
            op = p.child_by_field_name("operator")
            if op is not None and op.type == "<-":
                self._add("recv", p, f, home, away)
            elif op is not None and op.type == "&":
                if self.channel:
                    self._escape("its address is taken")
                    self.out.assigned = True
                else:
                    self._classify(f, p, home, away, depth)  # &wg, &cond: the same value
            else:
                self._escape("unknown use")
        elif t == "range_clause" and is_field(p, "right", n):
            self._add("range", p, f, home, away)
        elif t == "selector_expression" and is_field(p, "operand", n):
            fl = p.child_by_field_name("field")
            name = "" if fl is None else f.text(fl)
            gp = p.parent
            if gp is not None and gp.type == "call_expression" and is_field(gp, "function", p):
                self._add(f"call:{name}", gp, f, home, away)
            elif name == "L":
                self._add("neutral", p, f, home, away)  # Cond.L: the lock, not the condition
            else:
                self._escape(f"{name} taken as a value")
        elif t == "argument_list":
            self._argument(f, p, n, home, away, depth)
        elif t == "type_conversion_expression":
            self._classify(f, p, home, away, depth)
        elif t == "binary_expression":
            self._add("neutral", p, f, home, away)
        elif t == "expression_list":
            self._in_list(f, p, n, home, away, depth)
        elif t == "var_spec":
            # the declaring name of ``var ch chan T`` (``var ch = v`` is handled by its value)
            names = p.children_by_field_name("name")
            vals = named(p.child_by_field_name("value"))
            i = next((k for k, x in enumerate(names) if x.id == n.id), None)
            if i is None:
                self._escape("unknown use")
            elif not vals:
                self.out.uses.append(Use("nil", n, f))
            elif len(vals) == len(names):
                self._assigned(f, vals[i], n)
            else:
                self._escape("declared from a multi-value call")
                self.out.assigned = True
        elif t == "receive_statement":
            self._escape("received into")
            self.out.assigned = True
        elif t == "literal_element":
            self._escape("stored in a composite literal")
        elif t == "inc_statement" or t == "dec_statement":
            self._escape("unknown use")
        else:
            self._escape(f"used in a {t}")

    def _in_list(self, f: FileIndex, lst: Node, n: Node, home: Node | None, away: bool, depth: int) -> None:
        stmt = lst.parent
        if stmt is None:
            self._escape("unknown use")
            return
        items = named(lst)
        i = next((k for k, x in enumerate(items) if x.id == n.id), None)
        if i is None:
            self._escape("unknown use")
            return
        if stmt.type in ("assignment_statement", "short_var_declaration"):
            left = stmt.child_by_field_name("left")
            right = named(stmt.child_by_field_name("right"))
            if left is not None and left.id == lst.id:
                op = stmt.child_by_field_name("operator")
                if stmt.type == "assignment_statement" and (op is None or op.type != "="):
                    self._escape("unknown use")
                    return
                self._assigned(f, right[i] if len(right) == len(items) else None, n)
                return
            targets = named(left)
            if len(targets) != len(items):
                self._escape("unknown use")
                return
            self._copied_to(f, targets[i], home, away, depth)
        elif stmt.type == "var_spec":
            names = stmt.children_by_field_name("name")
            if len(names) != len(items):
                self._escape("unknown use")
                return
            self._copied_to(f, names[i], home, away, depth)
        elif stmt.type == "return_statement":
            self._returned(f, stmt, home, away, depth)
        else:
            self._escape(f"used in a {stmt.type}")

    def _copied_to(self, f: FileIndex, target: Node, home: Node | None, away: bool, depth: int) -> None:
        """The value is copied into ``target``: a local is followed, anything else escapes."""
        if target.type == "identifier" and f.text(target) == "_":
            return
        if target.type != "identifier" or depth >= _FOLLOW_DEPTH:
            self._escape(f"stored in {f.text(target)[:40]}")
            return
        b, fn = self.model.lookup(f, target)
        if b is None or fn is None or b.kind != "local":
            self._escape(f"stored in {f.text(target)}")
            return
        self._references(f, fn, f.text(target), b.name_at, home if home is not None else fn, away, depth + 1, copy=True)

    def _argument(self, f: FileIndex, args: Node, n: Node, home: Node | None, away: bool, depth: int) -> None:
        call = args.parent
        if call is None or call.type != "call_expression":
            self._escape("unknown use")
            return
        fn = unparen(call.child_by_field_name("function"))
        if fn is not None and fn.type == "identifier" and self.model.lookup(f, fn)[0] is None and f.text(fn) not in self.model.funcs:
            name = f.text(fn)
            if name == "close":
                self._add("close", call, f, home, away)
                return
            if name in _NEUTRAL_BUILTINS:
                self._add("neutral", call, f, home, away)
                return
        items = named(args)
        i = next((k for k, x in enumerate(items) if x.id == n.id), None)
        target = self.model.callee(f, call)
        if target is not None and target[1].type == "func_literal" and not same_node(target[1], fn):
            target = None  # a function value: what it runs is not known here
        if target is None or i is None or depth >= _FOLLOW_DEPTH:
            self._escape(f"passed to {f.text(call.child_by_field_name('function'))[:40]}")
            return
        tf, decl = target
        param = _param_ident(decl, i)
        if param is None:
            self._escape(f"passed to {f.text(call.child_by_field_name('function'))[:40]}")
            return
        if tf.text(param) == "_":
            return
        started = call.parent is not None and call.parent.type == "go_statement"
        away = away or started or home is None or _runs_elsewhere(call, home)
        self._references(tf, decl, tf.text(param), param.start_byte, decl, away, depth + 1)

    def _returned(self, f: FileIndex, ret: Node, home: Node | None, away: bool, depth: int) -> None:
        """``return v``: the callers of the function get the value."""
        fn = _enclosing_func(ret)
        if fn is None or fn.type == "func_literal" or depth >= _FOLLOW_DEPTH:
            self._escape("returned")
            return
        nm = fn.child_by_field_name("name")
        if nm is None:
            self._escape("returned")
            return
        name = f.text(nm)
        key = ("returned", f.idx, fn.start_byte)
        if key in self.followed:
            return
        self.followed.add(key)
        if name[:1].isupper() and not self.main:
            if _returns_receive_only(f, fn):
                self.out.uses.append(Use("recv-elsewhere", ret, f))
            else:
                self._escape(f"returned by the exported {name}")
                return
        method = self.model.method_decl(f, fn) if fn.type == "method_declaration" else None
        if fn.type == "method_declaration" and method is None:
            self._escape(f"returned by {name}")
            return
        want = name.encode()
        for g in self.model.files:
            for at in word_offsets(g.data, want):
                n = g.root.descendant_for_byte_range(at, at + len(want))
                if n is None or n.start_byte != at:
                    continue
                p = n.parent
                if method is not None:
                    if n.type != "field_identifier" or p is None or p.type != "selector_expression":
                        continue
                    op = p.child_by_field_name("operand")
                    base = self.model.typeof(g, op)
                    if base is not None:
                        m = self.model.method(base, name)
                        if m is not None and m.key != method.key:
                            continue
                        if m is None and deref(base) is not None and deref(base)[0] != "named":
                            continue
                    ref = p
                else:
                    if n.type != "identifier" or p is None:
                        continue
                    if p.type == "function_declaration" or self.model.lookup(g, n)[0] is not None:
                        continue
                    ref = n
                call = ref.parent
                if call is None or call.type != "call_expression" or not is_field(call, "function", ref):
                    self._escape(f"{name} taken as a value")
                    return
                self._classify(g, call, None, True, depth + 1)


def _runs_elsewhere(node: Node, home: Node) -> bool:
    """Is ``node`` inside a function literal of ``home`` that may run on another goroutine (not
    called in place or deferred)?"""
    p = node.parent
    while p is not None and p.id != home.id:
        if p.type == "func_literal" and not invoked_in_place(p):
            return True
        if p.type == "go_statement":
            return True
        p = p.parent
    return False


def _keyed_key(n: Node) -> Node | None:
    """The keyed element ``n`` is the key of (``name: value`` in a composite literal)."""
    le = n.parent
    if le is None or le.type != "literal_element":
        return None
    kv = le.parent
    if kv is None or kv.type != "keyed_element":
        return None
    parts = named(kv)
    return kv if parts and parts[0].id == le.id and len(named(le)) == 1 else None


def _param_ident(decl: Node, i: int) -> Node | None:
    """The identifier of the ``i``-th parameter (None when unnamed or variadic)."""
    k = 0
    for p in named(decl.child_by_field_name("parameters")):
        if p.type == "variadic_parameter_declaration":
            return None
        if p.type != "parameter_declaration":
            continue
        names = p.children_by_field_name("name")
        if not names:
            if k == i:
                return None
            k += 1
            continue
        for nm in names:
            if k == i:
                return nm
            k += 1
    return None


def _returns_receive_only(f: FileIndex, fn: Node) -> bool:
    res = fn.child_by_field_name("result")
    if res is not None and res.type == "parameter_list":
        ps = named(res)
        res = ps[0].child_by_field_name("type") if len(ps) == 1 else None
    return res is not None and res.type == "channel_type" and f.data[res.start_byte : res.end_byte].lstrip().startswith(b"<-")


def _is_make(v: Node, f: FileIndex) -> bool:
    fn = v.child_by_field_name("function") if v.type == "call_expression" else None
    return fn is not None and fn.type == "identifier" and f.text(fn) == "make"


def _is_new_cond(v: Node, f: FileIndex) -> bool:
    """``sync.NewCond(…)``, or a ``sync.WaitGroup{}`` / ``sync.Cond{…}`` literal: a new value."""
    if v.type == "unary_expression":
        inner = v.child_by_field_name("operand")
        v = inner if inner is not None else v
    if v.type == "call_expression":
        fn = v.child_by_field_name("function")
        return fn is not None and fn.type == "selector_expression" and f.sync is not None and f.text(fn) == f"{f.sync}.NewCond"
    if v.type == "composite_literal":
        ty = v.child_by_field_name("type")
        return ty is not None and f.sync is not None and f.text(ty) in (f"{f.sync}.WaitGroup", f"{f.sync}.Cond")
    return False


# -- the operation and the select it is in ------------------------------------------------------


def select_of(op: Node) -> Node | None:
    """The ``select`` statement whose case communicates by ``op`` (a send statement or a
    receive expression), or None."""
    p = op.parent
    while p is not None and p.type in ("parenthesized_expression", "expression_list", "receive_statement"):
        p = p.parent
    if p is None or p.type != "communication_case":
        return None
    comm = p.child_by_field_name("communication")
    if comm is None or not (comm.start_byte <= op.start_byte and op.end_byte <= comm.end_byte):
        return None
    return p.parent


def case_operations(select: Node) -> list[Node] | None:
    """The send statement or receive expression of each case of ``select``; None when it has
    a ``default`` (it never blocks) or a case this does not read."""
    out = []
    for c in named(select):
        if c.type == "default_case":
            return None
        if c.type != "communication_case":
            continue
        comm = c.child_by_field_name("communication")
        if comm is None:
            return None
        if comm.type == "send_statement":
            out.append(comm)
            continue
        expr = comm.child_by_field_name("right") if comm.type == "receive_statement" else comm
        if comm.type == "expression_statement":
            expr = named(comm)[0] if named(comm) else None
        expr = unparen(expr)
        if expr is None or expr.type != "unary_expression":
            return None
        out.append(expr)
    return out


def operand(op: Node) -> Node | None:
    """The channel of a send statement, a receive expression or a range clause."""
    if op.type == "send_statement":
        return op.child_by_field_name("channel")
    if op.type == "range_clause":
        return op.child_by_field_name("right")
    return op.child_by_field_name("operand")


# -- the operations of a file, and cheap evidence from the bytes ----------------------------------


def channel_operations(root: Node, data: bytes) -> list[Node]:
    """Every send statement and receive expression of the file, in document order, found at
    the file's ``<-`` tokens (a channel type's arrow is not one)."""
    out = []
    at = data.find(b"<-")
    while at != -1:
        tok = root.descendant_for_byte_range(at, at + 2)
        if tok is not None and tok.type == "<-" and tok.start_byte == at:
            p = tok.parent
            if p is not None and (p.type == "send_statement" or (p.type == "unary_expression" and is_field(p, "operator", tok))):
                out.append(p)
        at = data.find(b"<-", at + 2)
    return out


def channel_ranges(root: Node, data: bytes) -> list[Node]:
    """Every range clause of the file (over anything: the caller asks the type)."""
    out = []
    for at in word_offsets(data, b"range"):
        tok = root.descendant_for_byte_range(at, at + 5)
        if tok is not None and tok.type == "range" and tok.parent is not None and tok.parent.type == "range_clause":
            out.append(tok.parent)
    return out


def last_name(e: Node | None, data: bytes) -> bytes | None:
    """The name an operand ends with: ``ch`` of ``ch`` and ``s.ch``, ``Done`` of ``s.Done()``."""
    e = unparen(e)
    if e is None:
        return None
    if e.type == "identifier":
        return data[e.start_byte : e.end_byte]
    if e.type == "selector_expression":
        fl = e.child_by_field_name("field")
        return None if fl is None else data[fl.start_byte : fl.end_byte]
    if e.type == "call_expression":
        return last_name(e.child_by_field_name("function"), data)
    return None


_BLANK = b" \t"


def _name_before(data: bytes, i: int) -> bytes | None:
    """The identifier that ends just before ``i`` (blanks skipped)."""
    while i > 0 and data[i - 1] in _BLANK:
        i -= 1
    j = i
    while j > 0 and data[j - 1] in WORD_BYTES:
        j -= 1
    return data[j:i] if j < i else None


def _last_name_after(data: bytes, i: int) -> bytes | None:
    """The last identifier of the chain ``a.b.c`` that starts at ``i`` (blanks skipped)."""
    n = len(data)
    last = None
    while True:
        while i < n and data[i] in _BLANK:
            i += 1
        j = i
        while j < n and data[j] in WORD_BYTES:
            j += 1
        if j == i:
            return last
        last = data[i:j]
        k = j
        while k < n and data[k] in _BLANK:
            k += 1
        if k < n and data[k] == 0x2E:  # .
            i = k + 1
            continue
        return last


_METHOD_KINDS = (
    (b".Signal(", "signalled"),
    (b".Broadcast(", "signalled"),
    (b".Done()", "done"),
    (b".Go(", "done"),
    (b".Add(-", "done"),
)


_KINDS = ("sent or closed", "closed", "received", "signalled", "done", "channel")


def spelled_counterparts(data: bytes) -> dict[str, frozenset[bytes]]:
    """The names the bytes of a file spell with a counterpart: "sent or closed" (``name <-``,
    ``close(x.name)``), "closed" (``close(x.name)`` alone), "received" (``<-x.name``, ``range x.name``, ``<-x.name()``),
    "signalled" (``name.Signal(``, ``name.Broadcast(``) and "done" (``name.Done()``,
    ``name.Go(``, ``name.Add(-``). A superset (comments and strings count), read in one pass
    over the bytes per kind of token."""
    sent: set[bytes] = set()
    received: set[bytes] = set()
    closed: set[bytes] = set()
    at = data.find(b"<-")
    while at != -1:
        before = _name_before(data, at)
        if before is not None:
            sent.add(before)
        after = _last_name_after(data, at + 2)
        if after is not None:
            received.add(after)
        at = data.find(b"<-", at + 2)
    for at in word_offsets(data, b"close"):
        k = at + 5
        while k < len(data) and data[k] in _BLANK:
            k += 1
        if k < len(data) and data[k] == 0x28:  # (
            got = _last_name_after(data, k + 1)
            if got is not None:
                sent.add(got)
                closed.add(got)
    for at in word_offsets(data, b"range"):
        got = _last_name_after(data, at + 5)
        if got is not None:
            received.add(got)
    out = {
        "sent or closed": sent,
        "closed": closed,
        "received": received,
        "signalled": set(),
        "done": set(),
        "channel": _channel_names(data),
    }
    for token, kind in _METHOD_KINDS:
        at = data.find(token)
        while at != -1:
            got = _name_before(data, at)
            if got is not None:
                out[kind].add(got)
            at = data.find(token, at + len(token))
    return {k: frozenset(v) for k, v in out.items()}


_FUNC_RESULT = re.compile(rb"func[ \t]*(?:\([^()\n]*\)[ \t]*)?(\w+)[ \t]*\([^\n]*\)[ \t]*\(?[ \t]*(?:<-)?[ \t]*chan\b")


def _channel_names(data: bytes) -> set[bytes]:
    """Names the bytes declare with a channel type (``ch chan T``, ``ch <-chan T``), make a
    channel for (``ch := make(chan T)``, ``s.ch = make(…)``), or whose function returns one
    (``func (s *S) Done() <-chan struct{}``): the names a range over a channel can name."""
    out: set[bytes] = set()
    for at in word_offsets(data, b"chan"):
        i = at
        while i > 0 and data[i - 1] in _BLANK:
            i -= 1
        if data[i - 2 : i] == b"<-":
            i -= 2
        got = _name_before(data, i)
        if got is not None and got not in (b"chan", b"func", b"return", b"case"):
            out.add(got)
            continue
        j = i
        while j > 0 and data[j - 1] in _BLANK:
            j -= 1
        if data[j - 5 : j] == b"make(":
            k = j - 5
            while k > 0 and data[k - 1] in _BLANK:
                k -= 1
            if data[k - 2 : k] == b":=":
                k -= 2
            elif data[k - 1 : k] == b"=":
                k -= 1
            got = _name_before(data, k)
            if got is not None:
                out.add(got)
            continue
        line_start = data.rfind(b"\n", 0, at) + 1
        m = _FUNC_RESULT.search(data, line_start, at + 4)
        if m is not None:
            out.add(m.group(1))
    return out


_own: dict[int, tuple[bytes, dict[str, frozenset[bytes]]]] = {}


def package_spells(view, data: bytes, name: bytes, kind: str) -> bool:
    """Do the package's bytes (this file's ``data`` and its siblings') spell a counterpart of
    a value named ``name`` (see :func:`spelled_counterparts` for the kinds)? Evidence read
    before any model is built: a value whose counterpart is spelled by its own name is served
    (or shares its name with one that is), and is not followed further."""
    got = _own.get(id(data))
    if got is None or got[0] is not data:
        _own.clear()
        got = _own[id(data)] = (data, spelled_counterparts(data))
    if name in got[1][kind]:
        return True
    by_path, counts = view.package_memo(("counterparts", "spelled"), _package_spelling)
    n = counts[kind].get(name, 0)
    mine = by_path.get(view.path)
    if mine is not None and name in mine[kind]:
        n -= 1  # this file as on disk: its current bytes answered above
    return n > 0


def _package_spelling(files) -> tuple[dict, dict[str, dict[bytes, int]]]:
    by_path = {s.realpath: spelled_counterparts(s.source.data) for s in files}
    counts: dict[str, dict[bytes, int]] = {k: {} for k in _KINDS}
    for sets in by_path.values():
        for kind, names in sets.items():
            c = counts[kind]
            for nm in names:
                c[nm] = c.get(nm, 0) + 1
    return by_path, counts


def may_declare_local_channel(text: bytes, name: bytes) -> str | None:
    """Do the bytes of a function declare ``name`` as a channel that may be nil ("nil":
    ``var name chan T``, also ``<-chan``/``chan<-``) or unbuffered ("unbuffered": ``name :=
    make(chan T)``, ``name = make(chan T, 0)``)? None when they show neither."""
    n = re.escape(name)
    if re.search(rb"\bvar\s+" + n + rb"\s+(?:<-\s*)?chan\b", text):
        return "nil"
    for m in re.finditer(rb"\b" + n + rb"\s*:?=\s*make\(\s*chan\b", text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            c = text[i]
            if c in b"([{":
                depth += 1
            elif c in b")]}":
                depth -= 1
            elif c == ord(",") and depth == 1:
                if text[i + 1 : i + 8].lstrip().startswith(b"0)"):
                    return "unbuffered"
                break
            i += 1
        if depth == 0:
            return "unbuffered"
    return None


def package_may_declare_function(view, data: bytes, name: bytes) -> bool:
    """May the package (this file's ``data`` or another file of it) declare a function or a
    method called ``name``? Read from the bytes (see :func:`goroutines.declared_names`): a
    call of a name nothing in the package declares goes to another package."""
    funcs, methods = _declared(data)
    if name in funcs or name in methods:
        return True
    return name in view.package_memo(("counterparts", "declared"), _package_declared)


def _declared(data: bytes) -> tuple[frozenset[bytes], frozenset[bytes]]:
    from .goroutines import declared_names

    return declared_names(data)


def _package_declared(files) -> frozenset[bytes]:
    out: set[bytes] = set()
    for s in files:
        funcs, methods = _declared(s.source.data)
        out |= funcs
        out |= methods
    return frozenset(out)


def may_declare_local(text: bytes, name: bytes) -> bool:
    """Do the bytes of a function declare a local ``name`` (``name :=``, ``name, x :=``,
    ``var name``)? A superset (a parameter or a range variable of that name counts too)."""
    n = re.escape(name)
    return re.search(rb"\bvar\s+" + n + rb"\b|\b" + n + rb"\s*(?:,\s*\w+\s*)*:=|,\s*" + n + rb"\s*(?:,\s*\w+\s*)*:=", text) is not None
