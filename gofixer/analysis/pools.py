"""sync.Pool: which values are pools, their ``Put`` calls, and what storing a value in one costs.

``Pool.Put`` takes an ``any``: a value that is not pointer-shaped is copied to the heap to be
stored in the interface, so a pool of slices or structs allocates on every ``Put`` (staticcheck
SA6002). The answers come from the package model (``PackageModel``): which declaration a name
refers to (``lookup``, then the package-level declarations, the asking file's own first, as
with build-tagged variants only the one beside it is compiled with it), the declared types of
variables, fields and functions, and named types resolved through the package's type
declarations. What the syntax does not show stays unknown (None), and a rule stays silent.
The model is asked file by file (see :class:`PoolFacts`): most ``Put`` calls are answered
from their own file, and a name declared elsewhere costs the parse of the files that spell it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tree_sitter import Node

from . import lexical
from .files import FileIndex
from .model import PackageModel
from .scope import scope_range
from .syntax import (
    FUNC_TYPES,
    declares_locally,
    declares_name,
    enclosing_function,
    inside,
    is_field,
    named,
    top_function,
    unparen,
    walk,
)

# the shape of a type, as far as boxing a value of it in an interface goes
POINTER = "pointer"  # fits in an interface word: no allocation
INTERFACE = "interface"  # already an interface: passed as it is
CONST = "const"  # a constant: the compiler boxes it statically
SMALL = "small"  # a one-byte type: boxed from a static table
SLICE = "slice"
STRUCT = "struct"
ARRAY = "array"
STRING = "string"
NUMBER = "number"
ALLOCATES = frozenset({SLICE, STRUCT, ARRAY, STRING, NUMBER})
FIXABLE = frozenset({SLICE, STRUCT, ARRAY})  # storing a pointer to it instead is a local change

_NUMBERS = frozenset(
    {
        "int", "int16", "int32", "int64", "uint", "uint16", "uint32", "uint64", "uintptr",
        "float32", "float64", "complex64", "complex128", "rune",
    }
)  # fmt: skip
_SMALL = frozenset({"bool", "byte", "uint8", "int8"})
_LITERALS = frozenset(
    {
        "int_literal", "float_literal", "imaginary_literal", "rune_literal",
        "interpreted_string_literal", "raw_string_literal", "true", "false", "iota",
    }
)  # fmt: skip
_SCOPES = frozenset(
    {
        "block", "if_statement", "for_statement", "expression_switch_statement",
        "type_switch_statement", "select_statement", "expression_case", "default_case", "type_case",
        "communication_case", "source_file", "func_literal", "function_declaration",
        "method_declaration",
    }
)  # fmt: skip
_MAX_DEPTH = 8


def may_declare_pool(data: bytes) -> bool:
    """Can the file declare a ``sync.Pool`` (a variable or a field)? It imports sync (as an
    interpreted or a raw string) and spells ``Pool``."""
    return b"Pool" in data and lexical.may_import(data, "sync")


# ``Put`` not followed by a name's character (the character before is checked by hand: a pattern
# that starts with a look-behind is tried at every byte of the file)
_PUT = re.compile(rb"Put(?![A-Za-z0-9_])")
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def put_calls(root: Node, data: bytes) -> list[tuple[Node, Node]]:
    """(call, selector) of every call whose callee, inside any parentheses, is a selector
    ``X.Put``, in the order of a walk of the tree (document order, outer calls first).

    Found from the bytes: each whole word ``Put`` is looked up in the tree, rather than walking
    every node of the file in Python."""
    out: list[tuple[Node, Node]] = []
    for m in _PUT.finditer(data):
        if m.start() > 0 and data[m.start() - 1] in _NAME_BYTES:
            continue  # not a whole word: no field_identifier is spelled so
        leaf = root.descendant_for_byte_range(m.start(), m.end())
        if leaf is None or leaf.type != "field_identifier" or leaf.start_byte != m.start() or leaf.end_byte != m.end():
            continue
        sel = leaf.parent
        if sel is None or sel.type != "selector_expression":
            continue
        fld = sel.child_by_field_name("field")
        if fld is None or fld.id != leaf.id:
            continue
        callee = sel  # what unparen(call's function) gives back
        while callee.parent is not None and callee.parent.type == "parenthesized_expression":
            if len(named(callee.parent)) != 1:
                break
            callee = callee.parent
        call = callee.parent
        if call is None or call.type != "call_expression":
            continue
        fn = call.child_by_field_name("function")
        if fn is not None and fn.id == callee.id:
            out.append((call, sel))
    out.sort(key=lambda cs: (cs[0].start_byte, -cs[0].end_byte))
    return out


# ---------------------------------------------------------------------------------------------
# Declarations
# ---------------------------------------------------------------------------------------------


def _scope_of(stmt: Node) -> Node | None:
    p = stmt.parent
    while p is not None and p.type not in _SCOPES:
        p = p.parent
    return p


@dataclass(frozen=True)
class Decl:
    """Where a name is declared: the kind of declaration, its statement (or spec, or parameter
    declaration), the declaring identifier, its index among the statement's names and the node
    that bounds its scope."""

    kind: str  # "param", "short", "var", "const", "range", "func", "other"
    stmt: Node
    ident: Node
    index: int
    scope: Node
    file: FileIndex = field(compare=False)

    @property
    def key(self) -> tuple[int, int]:
        return (self.stmt.id, self.index)

    @property
    def toplevel(self) -> bool:
        return self.scope.type == "source_file"


def declaration(ident: Node, f: FileIndex) -> tuple[Decl, int] | None:
    """When ``ident`` declares a name inside a function: its declaration and the offset from
    which the name is visible."""
    p = ident.parent
    if p is None:
        return None
    t = p.type
    if t in ("parameter_declaration", "variadic_parameter_declaration"):
        if not any(c.id == ident.id for c in p.children_by_field_name("name")):
            return None
        fn = p.parent.parent if p.parent is not None else None
        if fn is None:
            return None
        return Decl("param", p, ident, 0, fn, f), fn.start_byte
    if t in ("var_spec", "const_spec"):
        names = p.children_by_field_name("name")
        idx = next((i for i, c in enumerate(names) if c.id == ident.id), None)
        if idx is None:
            return None
        decl = p.parent
        if decl is not None and decl.type == "var_spec_list":
            decl = decl.parent
        scope = _scope_of(decl) if decl is not None else None
        if scope is None:
            return None
        kind = "var" if t == "var_spec" else "const"
        return Decl(kind, p, ident, idx, scope, f), (p.end_byte if scope.type != "source_file" else 0)
    if t == "expression_list":
        g = p.parent
        if g is None or not is_field(g, "left", p) and not is_field(g, "alias", p):
            return None
        idx = next((i for i, c in enumerate(named(p)) if c.id == ident.id), 0)
        if g.type == "short_var_declaration":
            scope = _scope_of(g)
            return (Decl("short", g, ident, idx, scope, f), g.end_byte) if scope is not None else None
        if g.type == "range_clause" and any(c.type == ":=" for c in g.children):
            return Decl("range", g, ident, idx, g.parent, f), g.end_byte
        if g.type == "receive_statement" and any(c.type == ":=" for c in g.children):
            scope = _scope_of(g)
            return (Decl("other", g, ident, idx, scope, f), g.end_byte) if scope is not None else None
        if g.type == "type_switch_statement":
            return Decl("other", g, ident, idx, g, f), g.start_byte
    return None


def value_of(d: Decl) -> Node | None:
    """The expression a name of a ``var``/``:=`` declaration is initialised with, one to one."""
    if d.kind == "var":
        names = d.stmt.children_by_field_name("name")
    else:
        names = named(d.stmt.child_by_field_name("left"))
    right = _right(d)
    if len(right) != len(names) or d.index >= len(right):
        return None
    return right[d.index]


def _right(d: Decl) -> list[Node]:
    key = "value" if d.kind == "var" else "right"
    return named(d.stmt.child_by_field_name(key))


def _unparen_type(t: Node | None) -> Node | None:
    while t is not None and t.type == "parenthesized_type":
        inner = named(t)
        t = inner[0] if len(inner) == 1 else None
    return t


def norm(text: str) -> str:
    """A type's text with its blanks collapsed, to compare two spellings."""
    return " ".join(text.split())


@dataclass
class Pool:
    decl: Decl | None  # None for a struct field
    field_name: str | None = None
    literal: Node | None = None  # the sync.Pool{…} composite literal, when declared with one


class PoolFacts:
    """What the package's model says about pools and the values put in them, asked from one
    file, file by file.

    Every question here is about a name: where it is declared, as what. A file's own scopes
    and declarations come from the model of that file alone (``own``: the asking file's;
    ``others(word, also)``: those of the package's other files, of the same package clause and
    in the package's file order, whose bytes spell ``word`` and ``also``), so that a ``Put`` on
    a pool declared beside it is answered without reading the rest of the package, and a
    declaration in another file costs the parse of the files that spell its name, not of the
    whole package."""

    def __init__(self, own: PackageModel, path: str, others: Callable[[bytes, bytes], list[PackageModel]]):
        me = own.file(path)
        assert me is not None
        self.me = me
        self._models: dict[int, PackageModel] = {id(me): own}
        self._others = others
        self._field_types: dict[str, list[tuple[FileIndex, Node]]] = {}

    def _files(self, word: str, first: FileIndex, also: bytes = b"") -> list[FileIndex]:
        """``first``, then this file and the package's other files that spell ``word`` (and
        ``also``), in file order: those that may declare it."""
        out = [first]
        if first is not self.me and word.encode() in self.me.data:
            out.append(self.me)
        for m in self._others(word.encode(), also):
            f = m.files[0]
            self._models[id(f)] = m
            if f is not first:
                out.append(f)
        return out

    def _model(self, f: FileIndex) -> PackageModel:
        return self._models[id(f)]

    # -- names --------------------------------------------------------------------------------

    def resolve(self, f: FileIndex, use: Node) -> Decl | None:
        """The declaration the identifier ``use`` refers to: the innermost visible one of the
        functions around it, else the package's (``f``'s own first), else None."""
        b, _fn = self._model(f).lookup(f, use)
        if b is not None:
            size = use.end_byte - use.start_byte
            ident = f.root.descendant_for_byte_range(b.name_at, b.name_at + size)
            got = declaration(ident, f) if ident is not None and ident.type == "identifier" else None
            return None if got is None else got[0]
        return self.toplevel(f.text(use), f)

    def toplevel(self, name: str, f: FileIndex) -> Decl | None:
        """The package-level var, const or func ``name`` as file ``f`` sees it: its own
        declaration first (of build-tagged variants, the one compiled with it)."""
        for g in self._files(name, f):
            for _g, kind, node, ident, i in self._model(g).package_level(name):
                return Decl(kind, node, ident, i, g.root, g)
        return None

    def type_decl(self, f: FileIndex, name: str, where: Node) -> tuple[FileIndex, Node] | None:
        """The type a named type is declared as: a declaration in the function around ``where``
        first, then the package's (this file's first)."""
        top = top_function(where)
        if top is not None:
            for n in walk(top):
                if n.type != "type_declaration":
                    continue
                for spec in n.named_children:
                    if spec.type not in ("type_spec", "type_alias"):
                        continue
                    nm, t = spec.child_by_field_name("name"), spec.child_by_field_name("type")
                    if nm is not None and t is not None and f.text(nm) == name:
                        return f, t
        for g in self._files(name, self.me):
            for found in self._model(g).type_declarations(name):
                return found
        return None

    def field_types(self, name: str) -> list[tuple[FileIndex, Node]]:
        """The declared types of every struct field called ``name`` in the package, this file's
        first."""
        got = self._field_types.get(name)
        if got is None:
            got = self._field_types[name] = [
                e for g in self._files(name, self.me, b"struct") for e in self._model(g).field_declarations(name)
            ]
        return got

    # -- what is a sync.Pool ------------------------------------------------------------------

    def pool_of(self, operand: Node | None) -> Pool | None:
        """The pool a ``Put``'s operand (in this file) is: a variable declared as one, or a
        field every declaration of which in the package is one."""
        me = self.me
        operand = unparen(operand)
        if operand is None:
            return None
        if operand.type == "identifier":
            d = self.resolve(me, operand)
            return None if d is None else self.pool_decl(d)
        if operand.type == "selector_expression":
            inner = unparen(operand.child_by_field_name("operand"))
            fld = operand.child_by_field_name("field")
            if inner is None or fld is None:
                return None
            if inner.type == "identifier" and me.text(inner) in me.import_names:
                if self.resolve(me, inner) is None:
                    return None  # a variable of another package
            name = me.text(fld)
            types = self.field_types(name)
            if types and all(self.is_pool_type(f, t, t) for f, t in types):
                return Pool(None, field_name=name)
        return None

    def pool_decl(self, d: Decl) -> Pool | None:
        f = d.file
        if f.sync is None:
            return None
        if not d.toplevel:
            top = top_function(d.stmt) or d.scope
            if declares_locally(top, f.sync, f.data):
                return None
        if d.kind == "param":
            t = d.stmt.child_by_field_name("type")
            return Pool(d) if t is not None and self.is_pool_type(f, t, d.stmt) else None
        if d.kind not in ("var", "short"):
            return None
        t = d.stmt.child_by_field_name("type") if d.kind == "var" else None
        if t is not None:
            if not self.is_pool_type(f, t, d.stmt):
                return None
            lit = None
        else:
            value = value_of(d)
            if value is None:
                return None
            lit = self.pool_literal(f, value)
            if lit is None:
                return None
            if lit.type != "composite_literal":
                lit = None  # new(sync.Pool)
        return Pool(d, literal=lit)

    def pool_literal(self, f: FileIndex, e: Node) -> Node | None:
        """The ``sync.Pool{…}`` literal of ``sync.Pool{…}`` / ``&sync.Pool{…}``, or the
        ``new(sync.Pool)`` call; None when ``e`` is no new pool."""
        e = unparen(e)
        if e is None:
            return None
        if e.type == "unary_expression" and f.text(e.child_by_field_name("operator")) == "&":
            e = unparen(e.child_by_field_name("operand"))
            if e is None or e.type != "composite_literal":
                return None
        if e.type == "composite_literal":
            t = e.child_by_field_name("type")
            return e if t is not None and _is_sync_pool(f, t) else None
        if e.type == "call_expression":
            fn = e.child_by_field_name("function")
            args = named(e.child_by_field_name("arguments"))
            if fn is not None and f.text(fn) == "new" and len(args) == 1 and _is_sync_pool(f, args[0]):
                return e
        return None

    @staticmethod
    def is_pool_type(f: FileIndex, t: Node, where: Node) -> bool:
        """``sync.Pool`` or ``*sync.Pool``, with ``sync`` not shadowed at ``where``."""
        if f.sync is None:
            return False
        top = top_function(where)
        if top is not None and declares_locally(top, f.sync, f.data):
            return False
        t = _unparen_type(t)
        if t is not None and t.type == "pointer_type":
            t = _unparen_type(named(t)[0] if named(t) else None)
        return t is not None and _is_sync_pool(f, t)

    # -- types --------------------------------------------------------------------------------

    def expr_type(self, f: FileIndex, e: Node | None, depth: int = 0) -> tuple[str | None, Node | None, FileIndex | None]:
        """(shape, type node, its file) of an expression, as far as the package shows it."""
        e = unparen(e)
        if e is None or depth > _MAX_DEPTH:
            return None, None, None
        t = e.type
        if t in _LITERALS:
            return CONST, None, None
        if t == "unary_expression":
            op = f.text(e.child_by_field_name("operator"))
            if op == "&":
                return POINTER, None, None
            if op == "*":
                _, tn, tf = self.expr_type(f, e.child_by_field_name("operand"), depth + 1)
                tn = _unparen_type(tn)
                if tn is not None and tn.type == "pointer_type" and named(tn):
                    inner = named(tn)[0]
                    return self.type_shape(tf, inner, depth + 1), inner, tf
            return None, None, None
        if t in ("composite_literal", "type_conversion_expression", "type_assertion_expression"):
            tn = e.child_by_field_name("type")
            return (self.type_shape(f, tn, depth + 1), tn, f) if tn is not None else (None, None, None)
        if t == "slice_expression":
            shape, tn, tf = self.expr_type(f, e.child_by_field_name("operand"), depth + 1)
            if shape == STRING:
                return STRING, tn, tf
            if shape == SLICE:
                return SLICE, tn, tf
            return SLICE, None, None  # a slice of a slice or an array, or a string: both allocate
        if t == "call_expression":
            return self._call_type(f, e, depth)
        if t == "identifier":
            d = self.resolve(f, e)
            if d is None:
                return (POINTER, None, None) if f.text(e) == "nil" else (None, None, None)
            return self.decl_type(d, depth + 1)
        if t == "index_expression":
            _, tn, tf = self.expr_type(f, e.child_by_field_name("operand"), depth + 1)
            tn = _unparen_type(tn)
            if tn is None or tf is None:
                return None, None, None
            if tn.type in ("slice_type", "array_type"):
                elem = tn.child_by_field_name("element")
            elif tn.type == "map_type":
                elem = tn.child_by_field_name("value")
            else:
                return None, None, None  # a string, a pointer to an array, a generic function
            return (self.type_shape(tf, elem, depth + 1), elem, tf) if elem is not None else (None, None, None)
        if t == "selector_expression":
            inner = unparen(e.child_by_field_name("operand"))
            if inner is None:
                return None, None, None
            if inner.type == "identifier" and f.text(inner) in f.import_names:
                if self.resolve(f, inner) is None:
                    return None, None, None  # a variable of another package
            fname = f.text(e.child_by_field_name("field"))
            if not fname[:1].islower() and fname[:1] != "_":
                # an exported field may belong to another package's type of the same field name
                return None, None, None
            types = self.field_types(fname)
            texts = {norm(tf.text(tn)) for tf, tn in types}
            if len(texts) != 1:
                return None, None, None
            tf, tn = types[0]
            return self.type_shape(tf, tn, depth + 1), tn, tf
        return None, None, None

    def _call_type(self, f: FileIndex, e: Node, depth: int) -> tuple[str | None, Node | None, FileIndex | None]:
        fn = e.child_by_field_name("function")
        args = named(e.child_by_field_name("arguments"))
        if fn is None or fn.type != "identifier":
            return None, None, None
        name = f.text(fn)
        d = self.resolve(f, fn)
        if d is not None:
            # a function of the package: its single result
            res = d.stmt.child_by_field_name("result") if d.kind == "func" else None
            if res is not None and res.type == "parameter_list":
                params = named(res)
                one = len(params) == 1 and len(params[0].children_by_field_name("name")) <= 1
                res = params[0].child_by_field_name("type") if one else None
            if res is None or d.stmt.child_by_field_name("type_parameters") is not None:
                return None, None, None
            return self.type_shape(d.file, res, depth + 1), res, d.file
        if not args:
            return None, None, None
        if name == "new":
            return POINTER, None, None
        if name == "make":
            return self.type_shape(f, args[0], depth + 1), args[0], f
        if name == "append":
            shape, tn, tf = self.expr_type(f, args[0], depth + 1)
            return (SLICE, tn, tf) if shape == SLICE else (SLICE, None, None)
        return None, None, None

    def decl_type(self, d: Decl, depth: int) -> tuple[str | None, Node | None, FileIndex | None]:
        f = d.file
        if d.kind == "const":
            return CONST, None, None
        if d.kind == "func":
            return POINTER, None, None
        if d.kind == "param":
            tn = d.stmt.child_by_field_name("type")
            if tn is None:
                return None, None, None
            if d.stmt.type == "variadic_parameter_declaration":
                return SLICE, None, None
            return self.type_shape(f, tn, depth), tn, f
        if d.kind == "var":
            tn = d.stmt.child_by_field_name("type")
            if tn is not None:
                return self.type_shape(f, tn, depth), tn, f
        if d.kind in ("var", "short"):
            value = value_of(d)
            if value is not None:
                return self.expr_type(f, value, depth)
            right = _right(d)
            if d.index == 0 and len(right) == 1 and unparen(right[0]).type == "type_assertion_expression":
                tn = unparen(right[0]).child_by_field_name("type")
                return self.type_shape(f, tn, depth), tn, f
        return None, None, None

    def type_shape(self, f: FileIndex | None, t: Node | None, depth: int = 0) -> str | None:
        """What boxing a value of type ``t`` (written in file ``f``) costs: one of the shapes."""
        t = _unparen_type(t)
        if t is None or f is None or depth > _MAX_DEPTH:
            return None
        k = t.type
        if k in ("pointer_type", "map_type", "channel_type", "function_type"):
            return POINTER
        if k == "slice_type":
            return SLICE
        if k == "interface_type":
            return INTERFACE
        if k == "array_type":
            length = t.child_by_field_name("length")
            n = f.text(length).strip() if length is not None else ""
            if n == "0":
                return None
            if n == "1":
                inner = self.type_shape(f, t.child_by_field_name("element"), depth + 1)
                return None if inner in (POINTER, None) else ARRAY
            return ARRAY
        if k == "struct_type":
            fields = []
            for lst in named(t):
                for fd in named(lst):
                    if fd.type != "field_declaration":
                        continue
                    names = fd.children_by_field_name("name")
                    fields += [fd.child_by_field_name("type")] * max(1, len(names))
            if not fields:
                return None  # zero-sized: boxed without allocating
            if len(fields) == 1:
                inner = self.type_shape(f, fields[0], depth + 1)
                return None if inner in (POINTER, None) else STRUCT
            return STRUCT
        if k == "qualified_type":
            pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
            unsafe = f.import_name("unsafe")
            if unsafe is not None and pkg is not None and f.text(pkg) == unsafe and f.text(name) == "Pointer":
                return POINTER
            return None
        if k == "generic_type":
            inner = t.child_by_field_name("type")
            if inner is None or inner.type != "type_identifier":
                return None
            found = self.type_decl(f, f.text(inner), t)
            return self.type_shape(found[0], found[1], depth + 1) if found else None
        if k == "type_identifier":
            name = f.text(t)
            found = self.type_decl(f, name, t)
            if found is not None:
                return self.type_shape(found[0], found[1], depth + 1)
            if name == "string":
                return STRING
            if name in _NUMBERS:
                return NUMBER
            if name in _SMALL:
                return SMALL
            if name in ("any", "error", "comparable"):
                return INTERFACE
        return None


def _is_sync_pool(f: FileIndex, t: Node) -> bool:
    if t.type != "qualified_type" or f.sync is None:
        return False
    pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
    return pkg is not None and name is not None and f.text(pkg) == f.sync and f.text(name) == "Pool"


def assert_type(get_call: Node) -> Node | None:
    """The type a ``Get()`` call's result is asserted to (``p.Get().([]byte)``), or None."""
    ta = get_call.parent
    while ta is not None and ta.type == "parenthesized_expression":
        ta = ta.parent
    return ta.child_by_field_name("type") if ta is not None else None


def new_return(lit: Node, f: FileIndex, facts: PoolFacts) -> tuple[str, Node] | None:
    """("make" | "literal", the returned expression) of a ``sync.Pool{…}`` literal's ``New:
    func… { return E }`` whose single statement returns ``make(…)`` (the builtin) or a
    composite literal; None for any other ``New``."""
    body = lit.child_by_field_name("body")
    new = None
    for el in named(body):
        if el.type != "keyed_element":
            continue
        parts = named(el)
        if len(parts) == 2 and f.text(parts[0]).strip() == "New":
            value = named(parts[1]) if parts[1].type == "literal_element" else [parts[1]]
            new = value[0] if value else None
    if new is None or new.type != "func_literal":
        return None
    if named(new.child_by_field_name("parameters")):
        return None
    stmts = named(new.child_by_field_name("body"))
    if len(stmts) == 1 and stmts[0].type == "statement_list":
        stmts = named(stmts[0])
    if len(stmts) != 1 or stmts[0].type != "return_statement":
        return None
    exprs = named(stmts[0].named_children[0]) if stmts[0].named_children else []
    if len(exprs) != 1:
        return None
    e = unparen(exprs[0])
    if e is None:
        return None
    if e.type == "composite_literal":
        return "literal", e
    if e.type == "call_expression":
        fn = e.child_by_field_name("function")
        args = named(e.child_by_field_name("arguments"))
        if fn is not None and fn.type == "identifier" and f.text(fn) == "make" and args:
            if facts.resolve(f, fn) is None:
                return "make", e
    return None


def references(d: Decl, facts: PoolFacts) -> tuple[list[Node], list[Node]] | None:
    """The pool variable's ``Get()`` and ``Put`` calls in its scope, or None when the pool is
    used any other way (passed on, assigned, another method) or a use cannot be told apart."""
    f = d.file
    name = f.text(d.ident)
    gets, puts = [], []
    for n in walk(d.scope):
        if n.type != "identifier" or n.id == d.ident.id or f.text(n) != name:
            continue
        r = facts.resolve(f, n)
        if r is None or r.key != d.key:
            if declaration(n, f) is None and r is None:
                return None  # cannot tell what it is
            continue
        sel = n.parent
        if sel is None or sel.type != "selector_expression" or not is_field(sel, "operand", n):
            return None
        call = sel.parent
        if call is None or call.type != "call_expression" or not is_field(call, "function", sel):
            return None
        method = f.text(sel.child_by_field_name("field"))
        if method == "Get" and not named(call.child_by_field_name("arguments")):
            gets.append(call)
        elif method == "Put":
            puts.append(call)
        else:
            return None
    return gets, puts



def surely_pointer(arg: Node, data: bytes) -> bool:
    """Is a ``Put``'s argument pointer-shaped (or a constant) as its own function shows,
    whatever the package declares: a literal, ``&x``, a conversion or assertion to a pointer
    type, or a name declared exactly once in the function around it, as a
    parameter (or receiver) of pointer type, ``var v *T``, ``v := &…``, ``v := x.(*T)`` or
    ``v, ok := x.(*T)``, and used where that declaration is in scope? Then the package model
    would say the same (:meth:`PoolFacts.expr_type`), and need not be built to say it."""
    e = unparen(arg)
    if e is None:
        return False
    if e.type in _LITERALS:
        return True  # a constant: boxed statically
    if e.type == "unary_expression":
        op = e.child_by_field_name("operator")
        return op is not None and op.type == "&"
    if e.type in ("type_conversion_expression", "type_assertion_expression"):
        return _pointer_type(e.child_by_field_name("type"))
    if e.type != "identifier":
        return False
    top = top_function(e)
    if top is None:
        return False
    name = data[e.start_byte : e.end_byte]
    decls = [
        n for n in walk(top) if n.type == "identifier" and data[n.start_byte : n.end_byte] == name and declares_name(n)
    ]
    if len(decls) != 1:
        return False
    ident = decls[0]
    p = ident.parent
    if p.type == "parameter_declaration":
        fn = p.parent.parent if p.parent is not None else None
        return fn is not None and fn.type in FUNC_TYPES and inside(e, fn) and _pointer_type(p.child_by_field_name("type"))
    fn = enclosing_function(ident)
    if fn is None:
        return False
    if p.type == "var_spec":
        stmt = p.parent
        while stmt is not None and stmt.type != "var_declaration":
            stmt = stmt.parent
        start, end = scope_range(stmt or p, fn)
        return start <= e.start_byte < end and _pointer_type(p.child_by_field_name("type"))
    if p.type != "expression_list" or p.parent is None or p.parent.type != "short_var_declaration":
        return False
    stmt = p.parent
    start, end = scope_range(stmt, fn)
    if not (start <= e.start_byte < end):
        return False
    left, right = named(p), named(stmt.child_by_field_name("right"))
    i = next(i for i, c in enumerate(left) if c.id == ident.id)
    if len(right) == len(left):
        value = unparen(right[i])
    elif len(right) == 1 and i == 0:
        value = unparen(right[0])
        if value is None or value.type != "type_assertion_expression":
            return False
    else:
        return False
    if value is None:
        return False
    if value.type == "unary_expression":
        op = value.child_by_field_name("operator")
        return op is not None and op.type == "&"
    return value.type == "type_assertion_expression" and _pointer_type(value.child_by_field_name("type"))


def _pointer_type(t: Node | None) -> bool:
    t = _unparen_type(t)
    return t is not None and t.type == "pointer_type"
