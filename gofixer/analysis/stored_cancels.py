"""Cancel functions kept beyond the function that made them: in a struct field or a package
variable, and whether anything in the package ever calls (or even reads) them.

``go vet``'s lostcancel stops where a cancel function is stored: whoever holds it answers for
calling it. Inside one package that holder can be checked: a field or a variable of type
``context.CancelFunc`` that the package assigns and never reads is never called, and the
context it belongs to (with whatever goroutine waits on its ``Done``) lives until its parent is
cancelled. Uses are found by name in the bytes of each file, then by the model's types: a read
whose operand's type is unknown counts as a read of every field of that name, so an unknown
answer keeps a rule quiet. Exported fields and variables may be called from other packages and
are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from . import lexical
from .files import FileIndex
from .syntax import named, unparen
from .types import deref

CANCEL_TYPES = (("ext", "context", "CancelFunc"), ("ext", "context", "CancelCauseFunc"))


@dataclass
class Use:
    """A place the package spells a stored cancel function: ``write`` (assigned, or a keyed
    element of a composite literal), or ``read`` (anything else: called, passed, compared)."""

    file: FileIndex
    node: Node  # the selector_expression (or identifier, for a package variable)
    kind: str
    value: Node | None = None  # for a write: the value assigned, when it is known
    typed: bool = True  # the operand's type is known to be the field's type


def cancel_fields(model) -> dict[str, list[str]]:
    """Named struct types of the package -> their unexported fields of type
    ``context.CancelFunc`` or ``CancelCauseFunc``."""
    out: dict[str, list[str]] = {}
    for name, t in model.types.items():
        if t.struct is None or t.ambiguous:
            continue
        fields = [f for f, r in t.fields.items() if r in CANCEL_TYPES and f[:1].islower()]
        if fields:
            out[name] = fields
    return out


def cancel_variables(model) -> list[str]:
    """The package's unexported variables of type ``context.CancelFunc``/``CancelCauseFunc``
    (declared with the type, or as the second name of ``var ctx, cancel = context.With…(…)``)."""
    out = []
    for name, (spec, f, i) in model.pkg_vars.items():
        if not name[:1].islower():
            continue
        ty = spec.child_by_field_name("type")
        if ty is not None:
            if model.rep(f, ty) in CANCEL_TYPES:
                out.append(name)
            continue
        values = named(spec.child_by_field_name("value"))
        if len(values) == 1 and i == 1 and len(spec.children_by_field_name("name")) == 2:
            results = model.results_of(f, unparen(values[0]))
            if results is not None and len(results) == 2 and results[1] in CANCEL_TYPES:
                out.append(name)
    return out


def _assigned_value(target: Node) -> tuple[bool, Node | None]:
    """Is ``target`` on the left of an assignment (``=``, ``:=``)? And the value it gets, when
    it is one of as many values as targets, or the call of a two-value ``x.ctx, x.cancel =
    context.With…(…)``."""
    p = target.parent
    if p is None or p.type != "expression_list" or p.parent is None:
        return False, None
    stmt = p.parent
    if stmt.type not in ("assignment_statement", "short_var_declaration") or stmt.child_by_field_name("left") != p:
        return False, None
    left = named(p)
    right = named(stmt.child_by_field_name("right"))
    idx = next((i for i, n in enumerate(left) if n.id == target.id), None)
    if idx is None:
        return True, None
    if len(right) == len(left):
        return True, right[idx]
    if len(right) == 1:
        return True, right[0]
    return True, None


def field_uses(model, type_name: str, field: str) -> list[Use]:
    """Every place in the package that spells ``x.<field>`` or ``<field>: v`` in a literal of
    ``type_name``, with whether it writes or reads; selectors whose operand is of another known
    type are left out (another type's field of the same name)."""
    out: list[Use] = []
    word = field.encode()
    for f in model.files:
        for at in lexical.word_offsets(f.data, word):
            n = f.root.descendant_for_byte_range(at, at + len(word))
            if n is None or n.start_byte != at or n.end_byte != at + len(word):
                continue
            p = n.parent
            if n.type == "field_identifier" and p is not None and p.type == "selector_expression":
                if p.child_by_field_name("field") != n:
                    continue
                base = deref(model.typeof(f, p.child_by_field_name("operand")))
                if base is not None and base != ("named", type_name):
                    continue
                write, value = _assigned_value(p)
                out.append(Use(f, p, "write" if write else "read", value, base is not None))
            elif n.type in ("field_identifier", "identifier") and p is not None and p.type == "literal_element":
                kv = p.parent
                if kv is None or kv.type != "keyed_element" or named(kv)[0].id != p.id:
                    continue
                lit = kv.parent.parent if kv.parent is not None else None
                if lit is None or lit.type != "composite_literal":
                    continue
                if model.rep(f, lit.child_by_field_name("type")) != ("named", type_name):
                    continue
                values = named(kv)
                value = named(values[1])[0] if len(values) > 1 and named(values[1]) else None
                out.append(Use(f, kv, "write", value))
    return out


def variable_uses(model, name: str) -> list[Use]:
    """Every place in the package that spells the package variable ``name`` (no local of that
    name hides it there), with whether it writes or reads it."""
    out: list[Use] = []
    word = name.encode()
    for f in model.files:
        for at in lexical.word_offsets(f.data, word):
            n = f.root.descendant_for_byte_range(at, at + len(word))
            if n is None or n.type != "identifier" or n.start_byte != at or n.end_byte != at + len(word):
                continue
            if model.lookup(f, n)[0] is not None:
                continue  # a local of that name
            p = n.parent
            if p is not None and p.type == "var_spec" and any(c.id == n.id for c in p.children_by_field_name("name")):
                values = named(p.child_by_field_name("value"))
                out.append(Use(f, n, "declare", values[0] if values else None))
                continue
            write, value = _assigned_value(n)
            out.append(Use(f, n, "write" if write else "read", value))
    return out
