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

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import pools, prefilter, syntax
from gofixer.analysis.files import FileIndex
from gofixer.analysis.model import PackageModel, file_model, sibling_model
from gofixer.analysis.pools import ALLOCATES, FIXABLE, SLICE, Pool, PoolFacts, norm
from gofixer.analysis.siblings import Sibling, package_name
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# a Put is reported only on a ``sync.Pool``, declared (a variable or a struct field) in a file of
# the package that imports ``sync`` and spells the type's name ``Pool``: some file, this one or a
# sibling, must hold both in its bytes
_POOL_IN_PACKAGE = prefilter.in_package(prefilter.test("may declare a sync.Pool", pools.may_declare_pool), "GF701 pool")


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
    needs = prefilter.contains(b".Put(") & _POOL_IN_PACKAGE
    # a pool or a type is often declared in another file of the package, which the rule then
    # reads: the engine keeps the trees it parses for the files it may read, so that they are
    # not parsed again
    package_trees = needs

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        return _Check(ctx).run(self)


def _may_name_a_pool(ctx: FileContext, name: bytes) -> bool:
    """Can ``name`` (a variable or a field) be a pool? Some file of the package that may
    declare one spells it (a pool is declared in a file that names ``sync``): asked of this
    file's imports and of the other files' bytes, before the package model is built."""
    if ctx.import_name("sync") is not None and b"Pool" in ctx.data and name in ctx.data:
        return True
    return any(
        name in s.source.data
        and ctx.package.sibling_fact(("GF701", "pool"), s, lambda s: pools.may_declare_pool(s.source.data))
        for s in ctx.package.siblings()
    )


class _Check:
    """One file's analysis (the rule object itself keeps no state)."""

    def __init__(self, ctx: FileContext):
        self.ctx = ctx
        self.data = ctx.data
        self._facts: PoolFacts | None = None
        self._same_package: list[Sibling] | None = None
        self._fixes: dict[tuple[int, int], tuple[Fix | None, str]] = {}
        self._commented: set[int] | None = None

    @property
    def facts(self) -> PoolFacts:
        """The package model's answers, file by file (see PoolFacts)."""
        if self._facts is None:
            ctx = self.ctx
            own = file_model(ctx.package, ctx.path, ctx.data, ctx.root)
            self._facts = PoolFacts(own, ctx.path, self._models_spelling)
        return self._facts

    def _models_spelling(self, word: bytes, also: bytes) -> list[PackageModel]:
        """The models of the package's other files whose bytes spell ``word`` and ``also``."""
        view = self.ctx.package
        return [sibling_model(view, s) for s in self._siblings() if word in s.source.data and also in s.source.data]

    @property
    def me(self) -> FileIndex:
        return self.facts.me

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

    def _siblings(self) -> list[Sibling]:
        """The package's other files (of the same package clause)."""
        if self._same_package is None:
            own = package_name(self.data)
            self._same_package = [s for s in self.ctx.package.siblings() if own is not None and s.package == own]
        return self._same_package

    # -- the walk -----------------------------------------------------------------------------

    def run(self, rule: Rule) -> Iterator[Finding]:
        if self.ctx.import_name("sync") is None and not any(b'"sync"' in s.source.data for s in self.ctx.package.siblings()):
            return  # no file of the package can name sync.Pool
        for call, fn in pools.put_calls(self.ctx.root, self.data):
            args = syntax.named(call.child_by_field_name("arguments"))
            if len(args) != 1 or args[0].type == "variadic_argument" or pools.surely_pointer(args[0], self.data):
                continue  # a pointer fits in the interface as it is (told without the package model)
            operand = syntax.unparen(fn.child_by_field_name("operand"))
            named_by = operand.child_by_field_name("field") if operand is not None and operand.type == "selector_expression" else operand
            if named_by is None or not _may_name_a_pool(self.ctx, self.ctx.btext(named_by)):
                continue  # no file that may declare a pool spells it: not one (the model is not built)
            # the value first: most are pointers, often told by this file alone, while a pool
            # is often declared in another file
            shape, tnode, tfile = self.facts.expr_type(self.me, args[0])
            if shape not in ALLOCATES:
                continue
            pool = self.facts.pool_of(operand)
            if pool is None:
                continue
            ttext = norm(tfile.text(tnode)) if tnode is not None and tfile is not None else None
            use = _Use(call, args[0], shape, ttext)
            yield self.report(rule, pool, use)

    def report(self, rule: Rule, pool: Pool, use: _Use) -> Finding:
        what = {
            pools.SLICE: "a slice", pools.STRUCT: "a struct", pools.ARRAY: "an array",
            pools.STRING: "a string", pools.NUMBER: "a number",
        }[use.shape]  # fmt: skip
        if use.type_text and use.type_text != use.shape:
            what += f" ({use.type_text})"
        callee = norm(self.me.text(use.call.child_by_field_name("function")))
        ptr = f"*{use.type_text}" if use.type_text and use.shape in FIXABLE else "a pointer"
        if use.shape in (pools.SLICE, pools.STRING):
            # the backing array is still reused: what every Put allocates is the header
            cost = (
                f"converting it to an interface allocates a copy of its {use.shape} header on every Put "
                "(the backing array is reused, but the pool meant to save allocations makes one per use)"
            )
        else:
            cost = "converting it to an interface copies it to the heap on every Put, which defeats the pool"
        message = f"{callee} stores {what} in a sync.Pool: {cost}; store {ptr} instead"
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

    # -- the fix ------------------------------------------------------------------------------

    def pool_fix(self, pool: Pool) -> tuple[Fix | None, str]:
        d = pool.decl
        assert d is not None
        f = d.file
        name = f.text(d.ident)
        if f is not self.me:
            return None, "the pool is declared in another file of the package"
        if d.kind == "param":
            return None, "the pool is a parameter: its New, Get and Put calls are elsewhere"
        if d.toplevel and name[:1].isupper():
            return None, "the pool is exported: other packages may Get from it"
        if d.toplevel and any(re.search(rb"\b" + re.escape(name.encode()) + rb"\b", s.source.data) for s in self._siblings()):
            return None, "the pool is used in other files of the package"
        if pool.literal is None:
            return None, "the pool's New is not set in its declaration"
        new = pools.new_return(pool.literal, self.me, self.facts)
        if new is None:
            return None, "New does not build its value in a single return of make(…) or a literal"
        refs = pools.references(d, self.facts)
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
            if tn is None or stmt is None or stmt.type != "short_var_declaration" or not syntax.is_field(stmt, "right", el):
                return None, "a Get is not of the form v := p.Get().(T)"
            left = syntax.named(stmt.child_by_field_name("left"))
            if len(left) != 1 or len(syntax.named(el)) != 1 or left[0].type != "identifier":
                return None, "a Get is not of the form v := p.Get().(T)"
            if stmt.parent is None or stmt.parent.type != "statement_list" or not _own_line(src, stmt):
                return None, "a Get shares its line with other code"
            if self.realigns(stmt.end_byte):
                return None, "a Get's comment is aligned with its neighbours'"
            t = norm(f.text(tn))
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
        shape = self.facts.type_shape(f, pools.assert_type(gets[0]))
        if shape not in FIXABLE:
            return None, "the pool's type is not a slice, struct or array"
        kind, expr = new
        if kind == "make" and shape != SLICE:
            return None, "New's make does not match the Get's type"
        if kind == "literal":
            new_t = expr.child_by_field_name("type")
        else:
            new_t = syntax.named(expr.child_by_field_name("arguments"))[0]
        if new_t is None or norm(f.text(new_t)) != ttext:
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
            vd = self.facts.resolve(f, base)
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
                edits.append(Edit(line_start, line_start, indent + b"*" + vp.encode() + b" = " + self.ctx.btext(arg[0]) + nl))
        if set(get_info) - put_seen:
            return None, "a Get's value is not put back in the same function"
        for stmt, vnode, tn, vp in get_info.values():
            nl = src.newline_at(stmt.start_byte)
            indent = src.indent_of_line(stmt.start_byte)
            v = self.ctx.btext(vnode)
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
        e = self.ctx.btext(expr)
        body = func.child_by_field_name("body")
        if src.line_of(body.start_byte) == src.line_of(body.end_byte):
            return Edit(ret.start_byte, ret.end_byte, b + b" := " + e + b"; return &" + b)
        if not _own_line(src, ret):
            return None
        nl = src.newline_at(ret.start_byte)
        indent = src.indent_of_line(ret.start_byte)
        return Edit(ret.start_byte, ret.end_byte, b + b" := " + e + nl + indent + b"return &" + b)

    def _single_plain(self, top: Node, v: str, stmt: Node) -> str:
        """Why ``v`` cannot be rewritten: declared again in ``top`` (other than by ``stmt``), or
        its address taken; "" when it can."""
        f = self.me
        for n in syntax.walk(top):
            if n.type == "identifier" and f.text(n) == v:
                b = pools.declaration(n, f)
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
        d = pools.declaration(vnode, f)
        scope = d[0].scope if d is not None else stmt
        for n in syntax.walk(scope):
            if n.type != "identifier" or n.id == vnode.id or n.id in replaced or f.text(n) != v:
                continue
            r = self.facts.resolve(f, n)
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



def _own_line(src, stmt: Node) -> bool:
    """Nothing but blanks before ``stmt`` on its first line, and nothing but blanks or a
    comment after it on its last."""
    data = src.data
    first = src.line_of(stmt.start_byte)
    if data[src.line_start(first) : stmt.start_byte].strip(b" \t"):
        return False
    rest = data[stmt.end_byte : src.line_end(src.line_of(stmt.end_byte))].strip(b" \t\r")
    return not rest or rest.startswith(b"//")
