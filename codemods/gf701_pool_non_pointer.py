"""GF701 pool-non-pointer: ``sync.Pool.Put`` of a value that is not pointer-shaped, so every Put allocates.

What it finds
    A call ``p.Put(x)`` (also deferred) on a ``sync.Pool`` (``sync`` under any import name) whose
    argument is a slice, a struct, an array, a string or a number. The finding is on the ``Put``
    call. A pool is a variable declared as ``sync.Pool`` / ``*sync.Pool`` or from a
    ``sync.Pool{…}``, ``&sync.Pool{…}`` or ``new(sync.Pool)`` (package-level, local, a parameter, in
    this file or another file of the package), or a struct field whose every declaration in the
    package is of type ``sync.Pool`` / ``*sync.Pool`` (``s.pool.Put(x)``). The argument's type comes
    from what the file shows: the type assertion of the ``Get`` that produced it
    (``p.Get().([]byte)``), ``make``, ``append``, a slice or index expression, a composite literal,
    a conversion, a declared type (parameter, ``var``), an unexported struct field or the result of
    a function of the package; named types are resolved through the package's type declarations.
    Nothing is reported for pointer-shaped values (pointers, ``&x``, ``new(T)``, maps, channels,
    funcs, ``unsafe.Pointer``, a struct or one-element array holding one pointer), interface values,
    constants, single-byte types (``bool``, ``byte``, ``int8``: Go never allocates to box them), or
    anything whose type the file does not show. A ``Pool`` type of another package, a custom pool
    type with its own ``Put``, and a ``sync`` shadowed by a local name are not ``sync.Pool``; a
    dot-imported ``sync`` is not recognised. Test files are checked too: benchmarks measure with
    pools.

Why it is bad
    ``Put`` takes an ``any``. A value that is not a pointer has to be copied to the heap to be
    stored in an interface, so ``p.Put(buf)`` with a ``[]byte`` allocates a 24-byte slice header
    every time: the pool meant to save allocations makes one per use (staticcheck SA6002). A
    pointer fits in the interface as it is. Numbers allocate as well except for the small values
    Go keeps preallocated (0 to 255).

Example
    var bufPool = sync.Pool{
        New: func() interface{} {
            return make([]byte, 4096)
        },
    }

    func handler() {
        buf := bufPool.Get().([]byte)
        defer bufPool.Put(buf)
        ...
    }

Fixed
    var bufPool = sync.Pool{
        New: func() interface{} {
            b := make([]byte, 4096)
            return &b
        },
    }

    func handler() {
        bufp := bufPool.Get().(*[]byte)
        buf := *bufp
        defer bufPool.Put(bufp)
        ...
    }

Fix safety
    Unsafe: the pool now holds ``*[]T`` (``*T`` for a struct or an array) instead of ``[]T``, a
    change of what every ``Get`` receives, so every ``New``, ``Get`` and ``Put`` of the pool has to
    change at once. The fix is offered only when all of them are in this file: the pool is a
    variable declared here with a ``sync.Pool{New: func… { return E }}`` literal whose single return
    is ``make([]T, …)`` or a composite literal of the pool's type (``New`` returns a pointer:
    ``b := make(…); return &b`` or ``&T{…}``); every use of the pool is a ``v := p.Get().(T)``
    statement of its own, with ``v`` declared once in its function and its address never taken (it
    becomes ``vp := p.Get().(*T)`` and ``v := *vp``, ``vp`` a free name; without ``v := *vp`` when
    ``v`` has no use left but the ``Put``), or a ``p.Put(v)`` / ``defer p.Put(v)`` /
    ``p.Put(v[:0])`` statement of such a ``v`` (it becomes ``p.Put(vp)``); every ``Get`` has a
    ``Put``. When ``v`` is assigned after the ``Get``, when the ``Put`` puts ``v[:0]``, and always
    for a struct or an array (whose fields may have been written), ``*vp = v`` (``*vp = v[:0]``) is
    inserted before the ``Put``, so the pool receives exactly the value the old code put back,
    evaluated at the same moment (for ``defer``, when the ``defer`` runs). No fix when the pool is
    exported or a struct field (other code may use it), when its name appears in another file of the
    package, when ``New`` is missing, assigned separately or builds its value in several statements,
    or when the pool is used any other way (passed on, a ``Get`` without type assertion, an
    assertion in an ``if``, a ``Put`` of another value); nor for strings and numbers.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from tree_sitter import Node

from gofixer.analysis import files, lexical, syntax
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.analysis.siblings import PackageView, Sibling, package_name
from gofixer.rule import FileContext, Rule
from gofixer.source import captures, compile_query

# shapes of a type, as far as boxing it in an interface goes
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
FIXABLE = frozenset({SLICE, STRUCT, ARRAY})

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


def _is_field(parent: Node, name: str, child: Node) -> bool:
    f = parent.child_by_field_name(name)
    return f is not None and f.id == child.id


def _scope_of(stmt: Node) -> Node | None:
    p = stmt.parent
    while p is not None and p.type not in _SCOPES:
        p = p.parent
    return p


# ---------------------------------------------------------------------------------------------
# Files of the package and the names they declare
# ---------------------------------------------------------------------------------------------


class _File:
    """This file or a sibling: its bytes, tree and the names ``sync``/``unsafe`` go by.

    A sibling's tree is parsed, and its imports read, only when something asks for them: most
    questions about a sibling (does it declare this name, this field?) are answered "no" from
    its bytes, and a package's files used to be parsed all at once for each file of it."""

    def __init__(self, data: bytes, own: bool, *, root: Node | None = None, imports: dict[str, str] | None = None,
                 sibling: Sibling | None = None):  # fmt: skip
        self.data = data
        self.own = own
        self.sibling = sibling  # the package's record of a sibling file, None for this file
        self._root = root
        self._import_map = imports

    @property
    def root(self) -> Node:
        if self._root is None:
            assert self.sibling is not None
            self._root = self.sibling.tree.root_node
        return self._root

    @functools.cached_property
    def _imports(self) -> dict[str, str]:
        """Import path -> local name (given for this file, read from the tree for a sibling)."""
        given = self._import_map
        return given if given is not None else files.import_names(self.root, self.data)

    @functools.cached_property
    def sync(self) -> str | None:
        return _usable(self._imports.get("sync"))

    @functools.cached_property
    def unsafe(self) -> str | None:
        return _usable(self._imports.get("unsafe"))

    @functools.cached_property
    def imports(self) -> set[str]:
        return {v for v in self._imports.values() if v not in ("_", ".")}

    def text(self, n: Node) -> str:
        return self.data[n.start_byte : n.end_byte].decode("utf-8", "replace")

    def btext(self, n: Node) -> bytes:
        return self.data[n.start_byte : n.end_byte]


def _usable(name: str | None) -> str | None:
    return None if name in (None, "_", ".") else name


@dataclass(frozen=True)
class _Decl:
    """Where a name is declared: the kind of declaration, its statement/spec and the index of
    the name in it."""

    kind: str  # "param", "short", "var", "const", "range", "func", "other"
    stmt: Node
    ident: Node
    index: int
    scope: Node
    file: _File = field(compare=False)

    @property
    def key(self) -> tuple[int, int]:
        return (self.stmt.id, self.index)

    @property
    def toplevel(self) -> bool:
        return self.scope.type == "source_file"


def _binding(ident: Node, f: _File) -> tuple[_Decl, int] | None:
    """When ``ident`` declares a name: the declaration and the offset from which it is visible."""
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
        return _Decl("param", p, ident, 0, fn, f), fn.start_byte
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
        return _Decl(kind, p, ident, idx, scope, f), (p.end_byte if scope.type != "source_file" else 0)
    if t == "expression_list":
        g = p.parent
        if g is None or not _is_field(g, "left", p) and not _is_field(g, "alias", p):
            return None
        idx = next((i for i, c in enumerate(syntax.named(p)) if c.id == ident.id), 0)
        if g.type == "short_var_declaration":
            scope = _scope_of(g)
            return (_Decl("short", g, ident, idx, scope, f), g.end_byte) if scope is not None else None
        if g.type == "range_clause" and any(c.type == ":=" for c in g.children):
            return _Decl("range", g, ident, idx, g.parent, f), g.end_byte
        if g.type == "receive_statement" and any(c.type == ":=" for c in g.children):
            scope = _scope_of(g)
            return (_Decl("other", g, ident, idx, scope, f), g.end_byte) if scope is not None else None
        if g.type == "type_switch_statement":
            return _Decl("other", g, ident, idx, g, f), g.start_byte
    return None


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


@dataclass
class _Pool:
    decl: _Decl | None  # None for a struct field
    field_name: str | None = None
    literal: Node | None = None  # the sync.Pool{…} composite literal, when declared with one


@dataclass
class _Use:
    call: Node
    arg: Node
    shape: str
    type_text: str | None


class PoolNonPointer(Rule):
    code = "GF701"
    name = "pool-non-pointer"
    summary = "sync.Pool.Put of a non-pointer value (slice, struct, number): every Put allocates"
    fix_class = FixClass.UNSAFE
    requires = (b".Put(",)

    def applies_in(self, data: bytes, package: PackageView) -> bool:
        """A Put is reported only on a ``sync.Pool``, declared (a variable or a struct field) in
        a file of the package that imports ``sync`` and spells the type's name ``Pool``: some
        file, this one or a sibling, must hold both in its bytes."""
        return _may_declare_pool(data) or any(
            package.sibling_fact(("GF701", "pool"), s, lambda s: _may_declare_pool(s.source.data))
            for s in package.siblings()
        )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return _Check(ctx).run(self)


def _may_declare_pool(data: bytes) -> bool:
    """Does the file import sync (as an interpreted or a raw string: files.import_names reads
    both) and spell ``Pool``?"""
    return b"Pool" in data and lexical.may_import(data, "sync")


class _Check:
    """One file's analysis (the rule object itself keeps no state)."""

    def __init__(self, ctx: FileContext):
        self.ctx = ctx
        self.data = ctx.data
        self.me = _File(ctx.data, True, root=ctx.root, imports=ctx.imports)
        self._siblings: list[_File] | None = None
        self._fixes: dict[tuple[int, int], tuple[Fix | None, str]] = {}
        self._commented: set[int] | None = None
        self._field_types: dict[str, list[tuple[_File, Node]]] = {}
        self._own_fields: dict[str, list[Node]] | None = None

    def commented(self) -> set[int]:
        """0-based lines that end in a comment after some code (gofmt aligns those of
        consecutive lines)."""
        if self._commented is None:
            src = self.ctx.source
            out = set()
            for n in syntax.walk(self.ctx.root):
                if n.type == "comment":
                    line = src.line_of(n.start_byte)
                    if self.data[src.line_start(line) : n.start_byte].strip(b" \t"):
                        out.add(line)
            self._commented = out
        return self._commented

    def realigns(self, offset: int) -> bool:
        """Would changing the width of the line at ``offset`` move comments gofmt aligns with
        its own?"""
        line = self.ctx.source.line_of(offset)
        c = self.commented()
        return line in c and (line - 1 in c or line + 1 in c)

    # -- package ------------------------------------------------------------------------------

    def siblings(self) -> list[_File]:
        if self._siblings is None:
            own = package_name(self.data)
            out = []
            for s in self.ctx.package.siblings():
                if own is None or package_name(s.source.data) != own:
                    continue  # an external test package cannot see unexported names
                out.append(_File(s.source.data, False, sibling=s))
            self._siblings = out
        return self._siblings

    def files(self) -> Iterator[_File]:
        yield self.me
        yield from self.siblings()

    # -- the walk -----------------------------------------------------------------------------

    def run(self, rule: Rule) -> Iterator[Finding]:
        if self.me.sync is None and not any(b'"sync"' in s.source.data for s in self.ctx.package.siblings()):
            return  # no file of the package can name sync.Pool
        for call, fn in _put_calls(self.ctx.root, self.data):
            args = syntax.named(call.child_by_field_name("arguments"))
            if len(args) != 1 or args[0].type == "variadic_argument":
                continue
            pool = self.pool_of(fn.child_by_field_name("operand"))
            if pool is None:
                continue
            shape, tnode, tfile = self.expr_type(self.me, args[0], 0)
            if shape not in ALLOCATES:
                continue
            ttext = _norm(tfile.text(tnode)) if tnode is not None and tfile is not None else None
            use = _Use(call, args[0], shape, ttext)
            yield self.report(rule, pool, use)

    def report(self, rule: Rule, pool: _Pool, use: _Use) -> Finding:
        what = {
            SLICE: "a slice", STRUCT: "a struct", ARRAY: "an array", STRING: "a string", NUMBER: "a number",
        }[use.shape]  # fmt: skip
        if use.type_text and use.type_text != use.shape:
            what += f" ({use.type_text})"
        callee = _norm(self.me.text(use.call.child_by_field_name("function")))
        ptr = f"*{use.type_text}" if use.type_text and use.shape in FIXABLE else "a pointer"
        message = (
            f"{callee} stores {what} in a sync.Pool: converting it to an interface allocates on every Put, "
            f"which defeats the pool; store {ptr} instead"
        )
        fix, why = None, "the pool is a struct field, which other code may use"
        if use.shape not in FIXABLE:
            why = f"a pool of {use.shape}s is rarely worth keeping; store a pointer by hand if it is"
        elif pool.decl is not None:
            key = pool.decl.key
            if key not in self._fixes:
                self._fixes[key] = self.pool_fix(pool)
            fix, why = self._fixes[key]
        if fix is None:
            message += f"; no fix: {why}"
        return rule.finding(use.call, message, fix)

    # -- what is a sync.Pool ------------------------------------------------------------------

    def pool_of(self, operand: Node | None) -> _Pool | None:
        operand = syntax.unparen(operand)
        if operand is None:
            return None
        if operand.type == "identifier":
            d = self.resolve(self.me, self.me.text(operand), operand)
            if d is None:
                return None
            return self.pool_decl(d)
        if operand.type == "selector_expression":
            inner = syntax.unparen(operand.child_by_field_name("operand"))
            fld = operand.child_by_field_name("field")
            if inner is None or fld is None:
                return None
            if inner.type == "identifier" and self.me.text(inner) in self.me.imports:
                if self.resolve(self.me, self.me.text(inner), inner) is None:
                    return None  # a variable of another package
            name = self.me.text(fld)
            types = self.field_types(name)
            if types and all(self.is_pool_type(f, t, t) for f, t in types):
                return _Pool(None, field_name=name)
        return None

    def pool_decl(self, d: _Decl) -> _Pool | None:
        f = d.file
        if f.sync is None:
            return None
        if not d.toplevel:
            top = syntax.top_function(d.stmt) or d.scope
            if syntax.declares_locally(top, f.sync, f.data):
                return None
        if d.kind == "param":
            t = d.stmt.child_by_field_name("type")
            return _Pool(d) if t is not None and self.is_pool_type(f, t, d.stmt) else None
        if d.kind not in ("var", "short"):
            return None
        t = d.stmt.child_by_field_name("type") if d.kind == "var" else None
        if t is not None:
            if not self.is_pool_type(f, t, d.stmt):
                return None
            lit = None
        else:
            value = _value_of(d)
            if value is None:
                return None
            lit = self.pool_literal(f, value)
            if lit is None:
                return None
            if lit.type != "composite_literal":
                lit = None  # new(sync.Pool)
        return _Pool(d, literal=lit)

    def pool_literal(self, f: _File, e: Node) -> Node | None:
        """The ``sync.Pool{…}`` literal of ``sync.Pool{…}`` / ``&sync.Pool{…}``, or the
        ``new(sync.Pool)`` call; None when ``e`` is no new pool."""
        e = syntax.unparen(e)
        if e is None:
            return None
        if e.type == "unary_expression" and f.text(e.child_by_field_name("operator")) == "&":
            e = syntax.unparen(e.child_by_field_name("operand"))
            if e is None or e.type != "composite_literal":
                return None
        if e.type == "composite_literal":
            t = e.child_by_field_name("type")
            return e if t is not None and self._is_sync_pool(f, t) else None
        if e.type == "call_expression":
            fn = e.child_by_field_name("function")
            args = syntax.named(e.child_by_field_name("arguments"))
            if fn is not None and f.text(fn) == "new" and len(args) == 1 and self._is_sync_pool(f, args[0]):
                return e
        return None

    def is_pool_type(self, f: _File, t: Node, where: Node) -> bool:
        """``sync.Pool`` or ``*sync.Pool``, with ``sync`` not shadowed at ``where``."""
        if f.sync is None:
            return False
        top = syntax.top_function(where)
        if top is not None and syntax.declares_locally(top, f.sync, f.data):
            return False
        t = _unparen_type(t)
        if t is not None and t.type == "pointer_type":
            t = _unparen_type(syntax.named(t)[0] if syntax.named(t) else None)
        return t is not None and self._is_sync_pool(f, t)

    @staticmethod
    def _is_sync_pool(f: _File, t: Node) -> bool:
        if t.type != "qualified_type" or f.sync is None:
            return False
        pkg, name = t.child_by_field_name("package"), t.child_by_field_name("name")
        return pkg is not None and name is not None and f.text(pkg) == f.sync and f.text(name) == "Pool"

    def field_types(self, name: str) -> list[tuple[_File, Node]]:
        """The declared types of every struct field called ``name`` in the package."""
        if name in self._field_types:
            return self._field_types[name]
        out: list[tuple[_File, Node]] = []
        self._field_types[name] = out
        enc = name.encode()
        for f in self.files():
            if enc not in f.data or b"struct" not in f.data:
                continue  # a field is declared in a struct type, both spelled (a sibling is not parsed)
            out.extend((f, t) for t in self.fields_of(f).get(name, ()))
        return out

    def fields_of(self, f: _File) -> dict[str, list[Node]]:
        """Field name -> the types of the struct fields of that name in ``f``, in document order:
        made once per file for this one, and once per package for a sibling (every file of the
        package asks about the same siblings)."""
        if f.sibling is None:
            if self._own_fields is None:
                self._own_fields = _field_index(f.root, f.data)
            return self._own_fields
        return self.ctx.package.sibling_fact(
            ("GF701", "fields"), f.sibling, lambda s: _field_index(s.tree.root_node, s.source.data)
        )

    # -- names --------------------------------------------------------------------------------

    def resolve(self, f: _File, name: str, use: Node) -> _Decl | None:
        """The declaration ``name`` at ``use`` refers to (innermost visible), or None."""
        top = syntax.top_function(use)
        best: _Decl | None = None
        if top is not None:
            for n in syntax.walk(top):
                if n.type != "identifier" or n.end_byte - n.start_byte != len(name) or f.text(n) != name:
                    continue
                b = _binding(n, f)
                if b is None:
                    continue
                d, visible = b
                if not syntax.inside(use, d.scope) or use.start_byte < visible:
                    continue
                if best is None or syntax.inside(d.scope, best.scope):
                    best = d
            if best is not None:
                return best
        d = self.toplevel(f, name)
        if d is not None or not f.own:
            return d
        for s in self.siblings():
            if name.encode() in s.data:
                d = self.toplevel(s, name)
                if d is not None:
                    return d
        return None

    @staticmethod
    def toplevel(f: _File, name: str) -> _Decl | None:
        for decl in f.root.children:
            if decl.type in ("var_declaration", "const_declaration"):
                specs = [c for c in decl.named_children if c.type in ("var_spec", "const_spec")]
                for lst in (c for c in decl.named_children if c.type == "var_spec_list"):
                    specs += [c for c in lst.named_children if c.type == "var_spec"]
                for spec in specs:
                    for i, c in enumerate(spec.children_by_field_name("name")):
                        if f.text(c) == name:
                            kind = "var" if spec.type == "var_spec" else "const"
                            return _Decl(kind, spec, c, i, f.root, f)
            elif decl.type == "function_declaration":
                n = decl.child_by_field_name("name")
                if n is not None and f.text(n) == name:
                    return _Decl("func", decl, n, 0, f.root, f)
        return None

    def type_decl(self, f: _File, name: str, where: Node) -> tuple[_File, Node] | None:
        """The type a named type is declared as (a local declaration in the function first)."""
        top = syntax.top_function(where)
        local = [(top, f)] if top is not None else []
        for scope, g in itertools.chain(local, ((None, x) for x in self.files())):
            if scope is None and name.encode() not in g.data:
                continue  # a file that does not spell the name does not declare it (nor is parsed)
            nodes = syntax.walk(scope) if scope is not None else iter(g.root.children)
            for n in nodes:
                specs = []
                if n.type == "type_declaration":
                    specs = [c for c in n.named_children if c.type in ("type_spec", "type_alias")]
                for spec in specs:
                    nm = spec.child_by_field_name("name")
                    t = spec.child_by_field_name("type")
                    if nm is not None and t is not None and g.text(nm) == name:
                        return g, t
        return None

    # -- types --------------------------------------------------------------------------------

    def expr_type(self, f: _File, e: Node | None, depth: int) -> tuple[str | None, Node | None, _File | None]:
        """(shape, type node, its file) of an expression, as far as the file shows it."""
        e = syntax.unparen(e)
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
                if tn is not None and tn.type == "pointer_type" and syntax.named(tn):
                    inner = syntax.named(tn)[0]
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
            fn = e.child_by_field_name("function")
            args = syntax.named(e.child_by_field_name("arguments"))
            if fn is None or fn.type != "identifier":
                return None, None, None
            name = f.text(fn)
            d = self.resolve(f, name, fn)
            if d is not None:
                # a function of the package: its single result
                res = d.stmt.child_by_field_name("result") if d.kind == "func" else None
                if res is not None and res.type == "parameter_list":
                    params = syntax.named(res)
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
        if t == "identifier":
            name = f.text(e)
            d = self.resolve(f, name, e)
            if d is None:
                return (POINTER, None, None) if name == "nil" else (None, None, None)
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
            inner = syntax.unparen(e.child_by_field_name("operand"))
            if inner is None:
                return None, None, None
            if inner.type == "identifier" and f.text(inner) in f.imports:
                if self.resolve(f, f.text(inner), inner) is None:
                    return None, None, None  # a variable of another package
            fname = f.text(e.child_by_field_name("field"))
            if not fname[:1].islower() and fname[:1] != "_":
                # an exported field may belong to another package's type of the same field name
                return None, None, None
            types = self.field_types(fname)
            texts = {_norm(tf.text(tn)) for tf, tn in types}
            if len(texts) != 1:
                return None, None, None
            tf, tn = types[0]
            return self.type_shape(tf, tn, depth + 1), tn, tf
        return None, None, None

    def decl_type(self, d: _Decl, depth: int) -> tuple[str | None, Node | None, _File | None]:
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
            value = _value_of(d)
            if value is not None:
                return self.expr_type(f, value, depth)
            right = _right(d)
            if d.index == 0 and len(right) == 1 and syntax.unparen(right[0]).type == "type_assertion_expression":
                tn = syntax.unparen(right[0]).child_by_field_name("type")
                return self.type_shape(f, tn, depth), tn, f
        return None, None, None

    def type_shape(self, f: _File | None, t: Node | None, depth: int) -> str | None:
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
            for lst in syntax.named(t):
                for fd in syntax.named(lst):
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
            if f.unsafe is not None and pkg is not None and f.text(pkg) == f.unsafe and f.text(name) == "Pointer":
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

    # -- the fix ------------------------------------------------------------------------------

    def pool_fix(self, pool: _Pool) -> tuple[Fix | None, str]:
        d = pool.decl
        assert d is not None
        f = d.file
        name = f.text(d.ident)
        if not f.own:
            return None, "the pool is declared in another file of the package"
        if d.kind == "param":
            return None, "the pool is a parameter: its New, Get and Put calls are elsewhere"
        if d.toplevel and name[:1].isupper():
            return None, "the pool is exported: other packages may Get from it"
        if d.toplevel and any(re.search(rb"\b" + re.escape(name.encode()) + rb"\b", s.data) for s in self.siblings()):
            return None, "the pool is used in other files of the package"
        if pool.literal is None:
            return None, "the pool's New is not set in its declaration"
        new = self.new_return(pool.literal)
        if new is None:
            return None, "New does not build its value in a single return of make(…) or a literal"
        refs = self.references(d)
        if refs is None:
            return None, "the pool is used other than by v := p.Get().(T) and p.Put(v) statements"
        gets, puts = refs
        if not gets:
            return None, "no Get of the pool in this file"
        data = self.data
        src = self.ctx.source
        # every Get: v := p.Get().(T), T the same for all, its statement on a line of its own
        ttext: str | None = None
        get_info: dict[int, tuple[Node, Node, Node, str]] = {}  # Get decl stmt id -> (stmt, v, type, vp)
        taken_by_top: dict[int, set[str]] = {}
        for call in gets:
            ta = call.parent
            while ta is not None and ta.type == "parenthesized_expression":
                ta = ta.parent
            if ta is None or ta.type != "type_assertion_expression":
                return None, "a Get is not type-asserted"
            tn = ta.child_by_field_name("type")
            el = ta.parent
            stmt = el.parent if el is not None else None
            if tn is None or stmt is None or stmt.type != "short_var_declaration" or not _is_field(stmt, "right", el):
                return None, "a Get is not of the form v := p.Get().(T)"
            left = syntax.named(stmt.child_by_field_name("left"))
            if len(left) != 1 or len(syntax.named(el)) != 1 or left[0].type != "identifier":
                return None, "a Get is not of the form v := p.Get().(T)"
            if stmt.parent is None or stmt.parent.type != "statement_list" or not _own_line(src, stmt):
                return None, "a Get shares its line with other code"
            if self.realigns(stmt.end_byte):
                return None, "a Get's comment is aligned with its neighbours'"
            t = _norm(f.text(tn))
            if ttext is None:
                ttext = t
            elif t != ttext:
                return None, "the Gets assert different types"
            v = f.text(left[0])
            top = syntax.top_function(stmt)
            why = self._single_plain(top, v, stmt) if top is not None else "it is not in a function"
            if why:
                return None, f"{v} {why}"
            taken = taken_by_top.setdefault(top.id, set())
            vp = syntax.free_name(v + "p", top, data, taken)
            taken.add(vp)
            get_info[stmt.id] = (stmt, left[0], tn, vp)
        assert ttext is not None
        shape = self.type_shape(f, _assert_type(gets[0]), 0)
        if shape not in FIXABLE:
            return None, "the pool's type is not a slice, struct or array"
        kind, expr = new
        if kind == "make" and shape != SLICE:
            return None, "New's make does not match the Get's type"
        if kind == "literal":
            new_t = expr.child_by_field_name("type")
        else:
            new_t = syntax.named(expr.child_by_field_name("arguments"))[0]
        if new_t is None or _norm(f.text(new_t)) != ttext:
            return None, f"New does not return the {ttext} the Gets assert"

        edits: list[Edit] = []
        put_seen: set[int] = set()
        replaced: set[int] = set()  # Put arguments ``v`` that become ``vp``: no longer uses of v
        for call in puts:
            arg = syntax.named(call.child_by_field_name("arguments"))
            if len(arg) != 1:
                return None, "a Put is not of the form p.Put(v)"
            a = syntax.unparen(arg[0])
            base = a
            if a is not None and a.type == "slice_expression" and shape == SLICE:
                base = syntax.unparen(a.child_by_field_name("operand"))
            if base is None or base.type != "identifier":
                return None, "a Put does not put back the value of a Get"
            vd = self.resolve(f, f.text(base), base)
            if vd is None or vd.kind != "short" or vd.stmt.id not in get_info:
                return None, "a Put does not put back the value of a Get"
            stmt = call.parent
            if stmt is None or stmt.type not in ("expression_statement", "defer_statement"):
                return None, "a Put is not a statement of its own"
            if self.realigns(call.end_byte):
                return None, "a Put's comment is aligned with its neighbours'"
            gstmt, vnode, _, vp = get_info[vd.stmt.id]
            put_seen.add(gstmt.id)
            edits.append(Edit(arg[0].start_byte, arg[0].end_byte, vp.encode()))
            top = syntax.top_function(gstmt)
            copy_back = shape != SLICE or a.id != base.id or self._assigned(top, f.text(vnode), gstmt)
            if not copy_back:
                replaced.add(base.id)
            if copy_back:
                if stmt.parent is None or stmt.parent.type != "statement_list" or not _own_line(src, stmt):
                    return None, "a Put shares its line with other code"
                line_start = src.line_start(src.line_of(stmt.start_byte))
                nl = src.newline_at(stmt.start_byte)
                indent = src.indent_of_line(stmt.start_byte)
                edits.append(Edit(line_start, line_start, indent + b"*" + vp.encode() + b" = " + f.btext(arg[0]) + nl))
        if set(get_info) - put_seen:
            return None, "a Get's value is not put back in the same function"
        for stmt, vnode, tn, vp in get_info.values():
            nl = src.newline_at(stmt.start_byte)
            indent = src.indent_of_line(stmt.start_byte)
            v = f.btext(vnode)
            edits.append(Edit(vnode.start_byte, vnode.end_byte, vp.encode()))
            edits.append(Edit(tn.start_byte, tn.start_byte, b"*"))
            if self._used(stmt, vnode, replaced):
                edits.append(Edit(stmt.end_byte, stmt.end_byte, nl + indent + v + b" := *" + vp.encode()))
        new_edit = self.new_edit(kind, expr)
        if new_edit is None:
            return None, "New's return shares its line with other code or an aligned comment"
        edits.append(new_edit)
        description = (
            f"store *{ttext} in {name}: New returns a pointer, Get asserts *{ttext} and Put puts the pointer back "
            f"(every Get of the pool must expect *{ttext})"
        )
        return Fix(description, tuple(edits), Applicability.UNSAFE), ""

    def new_return(self, lit: Node) -> tuple[str, Node] | None:
        """("make" | "literal", the returned expression) of the literal's ``New: func… { return E }``."""
        f = self.me
        body = lit.child_by_field_name("body")
        new = None
        for el in syntax.named(body):
            if el.type != "keyed_element":
                continue
            parts = syntax.named(el)
            if len(parts) == 2 and f.text(parts[0]).strip() == "New":
                value = syntax.named(parts[1]) if parts[1].type == "literal_element" else [parts[1]]
                new = value[0] if value else None
        if new is None or new.type != "func_literal":
            return None
        if syntax.named(new.child_by_field_name("parameters")):
            return None
        stmts = syntax.named(new.child_by_field_name("body"))
        if len(stmts) == 1 and stmts[0].type == "statement_list":
            stmts = syntax.named(stmts[0])
        if len(stmts) != 1 or stmts[0].type != "return_statement":
            return None
        exprs = syntax.named(stmts[0].named_children[0]) if stmts[0].named_children else []
        if len(exprs) != 1:
            return None
        e = syntax.unparen(exprs[0])
        if e is None:
            return None
        if e.type == "composite_literal":
            return "literal", e
        if e.type == "call_expression":
            fn = e.child_by_field_name("function")
            args = syntax.named(e.child_by_field_name("arguments"))
            if fn is not None and fn.type == "identifier" and f.text(fn) == "make" and args:
                if self.resolve(f, "make", fn) is None:
                    return "make", e
        return None

    def new_edit(self, kind: str, expr: Node) -> Edit | None:
        if kind == "literal":
            if self.realigns(expr.end_byte):
                return None
            return Edit(expr.start_byte, expr.start_byte, b"&")
        src = self.ctx.source
        ret = expr
        while ret is not None and ret.type != "return_statement":
            ret = ret.parent
        func = syntax.enclosing_function(expr)
        if ret is None or func is None or self.realigns(ret.end_byte):
            return None
        b = syntax.free_name("b", func, self.data).encode()
        e = self.me.btext(expr)
        body = func.child_by_field_name("body")
        if src.line_of(body.start_byte) == src.line_of(body.end_byte):
            return Edit(ret.start_byte, ret.end_byte, b + b" := " + e + b"; return &" + b)
        if not _own_line(src, ret):
            return None
        nl = src.newline_at(ret.start_byte)
        indent = src.indent_of_line(ret.start_byte)
        return Edit(ret.start_byte, ret.end_byte, b + b" := " + e + nl + indent + b"return &" + b)

    def references(self, d: _Decl) -> tuple[list[Node], list[Node]] | None:
        """The pool's Get and Put calls, or None when the pool is used any other way."""
        f = d.file
        name = f.text(d.ident)
        gets, puts = [], []
        for n in syntax.walk(d.scope):
            if n.type != "identifier" or n.id == d.ident.id or f.text(n) != name:
                continue
            r = self.resolve(f, name, n)
            if r is None or r.key != d.key:
                if _binding(n, f) is None and r is None:
                    return None  # cannot tell what it is
                continue
            sel = n.parent
            if sel is None or sel.type != "selector_expression" or not _is_field(sel, "operand", n):
                return None
            call = sel.parent
            if call is None or call.type != "call_expression" or not _is_field(call, "function", sel):
                return None
            method = f.text(sel.child_by_field_name("field"))
            if method == "Get" and not syntax.named(call.child_by_field_name("arguments")):
                gets.append(call)
            elif method == "Put":
                puts.append(call)
            else:
                return None
        return gets, puts

    def _single_plain(self, top: Node, v: str, stmt: Node) -> str:
        """Why ``v`` cannot be rewritten: declared again in ``top`` (other than by ``stmt``), or
        its address taken; "" when it can."""
        f = self.me
        for n in syntax.walk(top):
            if n.type == "identifier" and f.text(n) == v:
                b = _binding(n, f)
                if b is not None and b[0].stmt.id != stmt.id:
                    return "is declared more than once in its function"
                p = n.parent
                if p is not None and p.type == "unary_expression" and f.text(p.child_by_field_name("operator")) == "&":
                    return "has its address taken"
        return ""

    def _used(self, stmt: Node, vnode: Node, replaced: set[int]) -> bool:
        """Is the Get's ``v`` still used once the Puts that put it back put ``vp`` instead?
        (Otherwise ``v := *vp`` would be declared and not used.)"""
        f = self.me
        v = f.text(vnode)
        d = _binding(vnode, f)
        scope = d[0].scope if d is not None else stmt
        for n in syntax.walk(scope):
            if n.type != "identifier" or n.id == vnode.id or n.id in replaced or f.text(n) != v:
                continue
            r = self.resolve(f, v, n)
            if r is not None and r.stmt.id == stmt.id:
                return True
        return False

    def _assigned(self, top: Node | None, v: str, stmt: Node) -> bool:
        """Is ``v`` assigned anywhere in ``top`` other than by its declaration?"""
        f = self.me
        for n in syntax.walk(top if top is not None else stmt):
            if n.type in ("inc_statement", "dec_statement"):
                if any(f.text(c) == v for c in syntax.named(n)):
                    return True
            elif n.type in ("assignment_statement", "range_clause"):
                left = n.child_by_field_name("left")
                if left is not None and any(c.type == "identifier" and f.text(c) == v for c in syntax.named(left)):
                    return True
        return False


# ---------------------------------------------------------------------------------------------
# small helpers
# ---------------------------------------------------------------------------------------------


def _field_index(root: Node, data: bytes) -> dict[str, list[Node]]:
    """Field name -> the type of each struct field declaration of that name, in document order."""
    out: dict[str, list[Node]] = {}
    for n in captures(_FIELDS, root).get("f", ()):
        t = n.child_by_field_name("type")
        if t is None:
            continue
        names = {data[c.start_byte : c.end_byte].decode("utf-8", "replace") for c in n.children_by_field_name("name")}
        for name in names:
            out.setdefault(name, []).append(t)
    return out


_FIELDS = compile_query("(field_declaration) @f")


# ``Put`` not followed by a name's character (the character before is checked by hand: a pattern
# that starts with a look-behind is tried at every byte of the file)
_PUT = re.compile(rb"Put(?![A-Za-z0-9_])")
_NAME_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")


def _put_calls(root: Node, data: bytes) -> list[tuple[Node, Node]]:
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
        callee = sel  # what syntax.unparen(call's function) gives back
        while callee.parent is not None and callee.parent.type == "parenthesized_expression":
            if len(syntax.named(callee.parent)) != 1:
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


def _right(d: _Decl) -> list[Node]:
    key = "value" if d.kind == "var" else "right"
    r = d.stmt.child_by_field_name(key)
    return syntax.named(r)


def _value_of(d: _Decl) -> Node | None:
    """The expression a name of a ``var``/``:=`` declaration is initialised with, one to one."""
    if d.kind == "var":
        names = d.stmt.children_by_field_name("name")
    else:
        names = syntax.named(d.stmt.child_by_field_name("left"))
    right = _right(d)
    if len(right) != len(names) or d.index >= len(right):
        return None
    return right[d.index]


def _assert_type(get_call: Node) -> Node | None:
    ta = get_call.parent
    while ta is not None and ta.type == "parenthesized_expression":
        ta = ta.parent
    return ta.child_by_field_name("type") if ta is not None else None


def _unparen_type(t: Node | None) -> Node | None:
    while t is not None and t.type == "parenthesized_type":
        inner = syntax.named(t)
        t = inner[0] if len(inner) == 1 else None
    return t


def _norm(text: str) -> str:
    """A type's text with its blanks collapsed, to compare two spellings."""
    return " ".join(text.split())


def _own_line(src, stmt: Node) -> bool:
    """Nothing but blanks before ``stmt`` on its first line, and nothing but blanks or a
    comment after it on its last."""
    data = src.data
    first = src.line_of(stmt.start_byte)
    if data[src.line_start(first) : stmt.start_byte].strip(b" \t"):
        return False
    rest = data[stmt.end_byte : src.line_end(src.line_of(stmt.end_byte))].strip(b" \t\r")
    return not rest or rest.startswith(b"//")
