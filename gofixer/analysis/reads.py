"""What evaluating an expression reads: whether it can read state that another goroutine writes.

A fix that moves code out of a critical section (an ``Unlock`` placed before a ``return``) is
sound only when what then runs without the lock reads nothing the lock guards. Without types
the answer is kept to expressions that are plainly local: literals, the function's own
variables (the value itself; what a pointer in it points to is not read here), constants,
package variables nothing in the package assigns, members of other packages, composite
literals and ``errors.New``/``fmt.Errorf`` of such values (formatting reads what it formats,
so only values of basic types are passed to it). Anything else is "may read shared state".
"""

from __future__ import annotations

from tree_sitter import Node

from .files import FileIndex
from .model import PackageModel
from .syntax import named, unparen, walk

_LITERALS = frozenset(
    {
        "int_literal", "float_literal", "imaginary_literal", "rune_literal", "interpreted_string_literal",
        "raw_string_literal", "true", "false", "nil", "iota",
    }
)  # fmt: skip
_ERROR_MAKERS = {"errors": frozenset({"New"}), "fmt": frozenset({"Errorf"})}
_MAX_DEPTH = 8


def reads_only_local(model: PackageModel, f: FileIndex, n: Node | None, _depth: int = 0) -> bool:
    """Does evaluating ``n`` (an expression of file ``f``) read no state another goroutine may
    write?"""
    if n is None or _depth > _MAX_DEPTH:
        return False
    t = n.type
    d = _depth + 1
    if t in _LITERALS:
        return True
    if t == "parenthesized_expression":
        return all(reads_only_local(model, f, c, d) for c in named(n))
    if t == "identifier":
        return _local_name(model, f, n)
    if t == "selector_expression":
        op = n.child_by_field_name("operand")
        return op is not None and op.type == "identifier" and model.is_import(f, op)
    if t == "unary_expression":
        op = n.child_by_field_name("operator")
        arg = unparen(n.child_by_field_name("operand"))
        if op is not None and op.type == "&":
            return arg is not None and arg.type == "composite_literal" and reads_only_local(model, f, arg, d)
        return op is not None and op.type in ("-", "+", "!", "^") and reads_only_local(model, f, arg, d)
    if t == "binary_expression":
        return reads_only_local(model, f, n.child_by_field_name("left"), d) and reads_only_local(model, f, n.child_by_field_name("right"), d)
    if t == "composite_literal":
        vals = []
        for el in named(n.child_by_field_name("body")):
            if el.type == "keyed_element":
                kv = named(el)
                el = kv[-1] if kv else None
            if el is not None and el.type == "literal_element" and named(el):
                el = named(el)[0]
            vals.append(el)
        return all(reads_only_local(model, f, v, d) for v in vals)
    if t == "call_expression":
        return _error_maker(model, f, n) and all(
            reads_only_local(model, f, a, d) and _plain_value(model, f, a) for a in named(n.child_by_field_name("arguments"))
        )
    return False


def _error_maker(model: PackageModel, f: FileIndex, call: Node) -> bool:
    """``errors.New(…)`` or ``fmt.Errorf(…)``, as this file imports them."""
    fn = unparen(call.child_by_field_name("function"))
    if fn is None or fn.type != "selector_expression":
        return False
    op = fn.child_by_field_name("operand")
    if op is None or op.type != "identifier" or not model.is_import(f, op):
        return False
    pkg = next((p for p, v in f.imports.items() if v == f.text(op)), None)
    return pkg in _ERROR_MAKERS and f.text(fn.child_by_field_name("field")) in _ERROR_MAKERS[pkg]


def _local_name(model: PackageModel, f: FileIndex, n: Node) -> bool:
    if model.lookup(f, n)[0] is not None:
        return True  # a local variable, parameter or result: the value itself is the function's
    name = f.text(n)
    if name in model.pkg_vars:
        return not package_var_written(model, name)
    return bool(model.package_level(name)) or name in ("true", "false", "nil", "iota")


def _plain_value(model: PackageModel, f: FileIndex, a: Node) -> bool:
    """A value formatting does not look into: a literal, or a name of a basic type."""
    if a.type != "identifier":
        return True
    t = model.typeof(f, a)
    return t is not None and t[0] == "builtin"


def package_var_written(model: PackageModel, name: str) -> bool:
    """Is the package variable ``name`` assigned (``=``, ``+=``, ``++``, ``&name``) in a
    function of the package (not where a local of that name shadows it)?"""
    memo = model.memo("reads: written package vars", dict)
    if name not in memo:
        memo[name] = any(_writes(model, g, name.encode()) for g in model.files if name.encode() in g.data)
    return memo[name]


def _writes(model: PackageModel, f: FileIndex, word: bytes) -> bool:
    for n in walk(f.root):
        if n.type in ("assignment_statement", "inc_statement", "dec_statement"):
            left = n.child_by_field_name("left") if n.type == "assignment_statement" else n
            for c in walk(left) if left is not None else ():
                if c.type == "identifier" and f.data[c.start_byte : c.end_byte] == word and model.lookup(f, c)[0] is None:
                    return True
        elif n.type == "unary_expression":
            op = n.child_by_field_name("operator")
            arg = unparen(n.child_by_field_name("operand"))
            if op is not None and op.type == "&" and arg is not None and arg.type == "identifier" and f.data[arg.start_byte : arg.end_byte] == word:
                return True
    return False
