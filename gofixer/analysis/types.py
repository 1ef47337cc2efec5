"""The types of expressions, as far as the package's declarations and the standard library
table (:mod:`gofixer.analysis.stdlib`) say them.

A type is a small tuple:

- ``("named", N)``: a type declared in the package;
- ``("ext", path, N)``: a named type of an imported package (``*http.Response`` is
  ``("ptr", ("ext", "net/http", "Response"))``);
- ``("builtin", N)``: a predeclared type (``int``, ``string``, ``error``…);
- ``("ptr", T)``, ``("map", V)`` (the value type), ``("slice", E)`` (arrays too) and
  ``("chan", E, dir)`` (``dir``: "both", "send" or "recv"; ``E`` may be None).

Anything else is None: "unknown" is an honest answer, and every rule that asks must treat it
as "could be anything". Without the importer's type checker a dot-imported or a generic type
is unknown too.
"""

from __future__ import annotations

from tree_sitter import Node

from .decls import MethodDecl, TypeDecl
from .files import FileIndex
from .scope import Binding
from .stdlib import FIELDS, FUNCS, METHODS, PREDECLARED_TYPES, VARS
from .syntax import named, unparen

Rep = tuple  # see the module's docstring


def ranged_collection(model, f: FileIndex, loop: Node) -> Node | None:
    """The variable a ``for … range`` loop ranges over when it is a slice, array or map (so
    that ``len(v)`` counts its rounds, while ``v`` is not assigned); None for any other loop
    or operand (a channel, a call, a number, an untyped value)."""
    clause = next((c for c in loop.named_children if c.type == "range_clause"), None)
    coll = unparen(clause.child_by_field_name("right")) if clause is not None else None
    if coll is None or coll.type != "identifier":
        return None
    t = model.typeof(f, coll)
    return coll if t is not None and t[0] in ("slice", "array", "map") else None


def deref(r: Rep | None) -> Rep | None:
    """The type a pointer (to a pointer…) points to; any other type as it is."""
    while r is not None and r[0] == "ptr":
        r = r[1]
    return r


class Types:
    """Types of expressions (mixed into the package model, which supplies the declarations and
    the scopes)."""

    files: list[FileIndex]
    types: dict[str, TypeDecl]

    def _init_types(self) -> None:
        self._type_cache: dict[tuple, Rep | None] = {}

    def rep(self, f: FileIndex, ty: Node | None) -> Rep | None:
        if ty is None:
            return None
        t = ty.type
        if t == "type_identifier":
            name = f.text(ty)
            if name in self.types:
                return ("named", name)
            return ("builtin", name) if name in PREDECLARED_TYPES else None
        if t == "qualified_type":
            pkg = ty.child_by_field_name("package")
            nm = ty.child_by_field_name("name")
            path = None if pkg is None else self._import_path(f, f.text(pkg))
            return None if path is None or nm is None else ("ext", path, f.text(nm))
        if t == "channel_type":
            elem = ty.child_by_field_name("value")
            text = f.data[ty.start_byte : elem.start_byte if elem is not None else ty.end_byte]
            direction = "recv" if text.lstrip().startswith(b"<-") else "send" if b"<-" in text else "both"
            return ("chan", self.rep(f, elem), direction)
        if t == "generic_type":
            return self.rep(f, ty.child_by_field_name("type"))
        if t == "pointer_type":
            inner = named(ty)
            r = self.rep(f, inner[0]) if inner else None
            return None if r is None else ("ptr", r)
        if t == "map_type":
            r = self.rep(f, ty.child_by_field_name("value"))
            return None if r is None else ("map", r)
        if t in ("slice_type", "array_type"):
            r = self.rep(f, ty.child_by_field_name("element"))
            return None if r is None else ("slice", r)
        if t == "parenthesized_type":
            inner = named(ty)
            return self.rep(f, inner[0]) if inner else None
        return None

    @staticmethod
    def _import_path(f: FileIndex, name: str) -> str | None:
        """The import path the file uses under ``name`` (None: not an import name)."""
        for path, local in f.imports.items():
            if local == name:
                return path
        return None

    def underlying(self, r: Rep | None) -> Rep | None:
        for _ in range(4):
            if r is None or r[0] != "named":
                return r
            t = self.types.get(r[1])
            if t is None or t.struct is not None:
                return r
            r = t.underlying
        return None

    def field_type(self, base: Rep | None, name: str, depth: int = 0) -> tuple[bool, Rep | None]:
        """(found, type) of field ``name`` of a value of type ``base``, promoted fields included."""
        base = deref(base)
        if base is not None and base[0] == "ext":
            known = FIELDS.get((base[1], base[2]), {})
            return (True, known[name]) if name in known else (False, None)
        if base is None or base[0] != "named" or depth > 3:
            return False, None
        t = self.types.get(base[1])
        if t is None or t.ambiguous or t.struct is None:
            return False, None
        if name in t.fields:
            return True, t.fields[name]
        if name in t.field_nodes:
            return True, None
        for e in t.embedded.values():
            found, r = self.field_type(e, name, depth + 1)
            if found:
                return True, r
        return False, None

    def method(self, base: Rep | None, name: str, depth: int = 0) -> MethodDecl | None:
        base = deref(base)
        if base is None or base[0] != "named" or depth > 3:
            return None
        t = self.types.get(base[1])
        if t is None or t.ambiguous:
            return None
        if name in t.methods:
            return t.methods[name]
        if name in t.fields:
            return None
        for e in t.embedded.values():
            m = self.method(e, name, depth + 1)
            if m is not None:
                return m
        return None

    def func_result(self, f: FileIndex, fn: Node) -> Rep | None:
        res = fn.child_by_field_name("result")
        if res is None:
            return None
        if res.type == "parameter_list":
            ps = [p for p in named(res) if p.type == "parameter_declaration"]
            if not ps:
                return None
            return self.rep(f, ps[0].child_by_field_name("type"))
        return self.rep(f, res)

    def typeof(self, f: FileIndex, e: Node | None, depth: int = 0) -> Rep | None:
        if e is None or depth > 12:
            return None
        key = (f.idx, e.start_byte, e.end_byte, e.type)
        if key in self._type_cache:
            return self._type_cache[key]
        r = self._typeof(f, e, depth)
        if depth == 0 or r is not None:
            self._type_cache[key] = r
        return r

    def _typeof(self, f: FileIndex, e: Node, depth: int) -> Rep | None:
        t = e.type
        if t == "identifier":
            d, fn = self.lookup(f, e)
            if d is not None:
                return self._decl_type(f, d, depth + 1)
            name = f.text(e)
            pv = self.pkg_vars.get(name)
            if pv is not None and name not in f.import_names:
                spec, vf, i = pv
                ty = spec.child_by_field_name("type")
                if ty is not None:
                    return self.rep(vf, ty)
                vals = named(spec.child_by_field_name("value"))
                if len(vals) == len(spec.children_by_field_name("name")):
                    return self.typeof(vf, vals[i], depth + 1)
            return None
        if t == "selector_expression":
            op = e.child_by_field_name("operand")
            fl = e.child_by_field_name("field")
            if op is None or fl is None:
                return None
            if self.is_import(f, op):
                path = self._import_path(f, f.text(op))
                return VARS.get((path, f.text(fl))) if path is not None else None
            found, r = self.field_type(self.typeof(f, op, depth + 1), f.text(fl))
            return r if found else None
        if t == "index_expression":
            base = self.underlying(deref(self.typeof(f, e.child_by_field_name("operand"), depth + 1)))
            if base is not None and base[0] in ("map", "slice"):
                return base[1]
            return None
        if t == "call_expression":
            fn = unparen(e.child_by_field_name("function"))
            args = named(e.child_by_field_name("arguments"))
            if fn is None:
                return None
            if fn.type == "identifier":
                name = f.text(fn)
                if self.lookup(f, fn)[0] is not None:
                    return None
                if name == "new" and len(args) == 1:
                    r = self.rep(f, args[0]) if args[0].type != "identifier" else self._type_name(f, args[0])
                    return None if r is None else ("ptr", r)
                if name == "make" and args and args[0].type == "channel_type" and name not in self.funcs:
                    return self.rep(f, args[0])
                if name in self.funcs:
                    df, ff = self.funcs[name][0], self.funcs[name][1]
                    return self.func_result(ff, df)
                if name in self.types and len(args) == 1:
                    return ("named", name)
                return None
            if fn.type == "selector_expression":
                results = self.results_of(f, e)
                if results is not None:
                    return results[0] if results else None
                op = fn.child_by_field_name("operand")
                if op is None or self.is_import(f, op):
                    return None
                m = self.method(self.typeof(f, op, depth + 1), f.text(fn.child_by_field_name("field")))
                return None if m is None else self.func_result(m.file, m.decl)
            return None
        if t == "composite_literal":
            return self.rep(f, e.child_by_field_name("type"))
        if t == "unary_expression":
            op = e.child_by_field_name("operator")
            inner = self.typeof(f, e.child_by_field_name("operand"), depth + 1)
            if op is None or inner is None:
                return None
            if op.type == "&":
                return ("ptr", inner)
            if op.type == "*":
                return inner[1] if inner[0] == "ptr" else None
            return None
        if t == "parenthesized_expression":
            inner = named(e)
            return self.typeof(f, inner[0], depth + 1) if len(inner) == 1 else None
        if t == "type_assertion_expression":
            return self.rep(f, e.child_by_field_name("type"))
        return None

    def _type_name(self, f: FileIndex, n: Node) -> Rep | None:
        name = f.text(n)
        return ("named", name) if name in self.types else None

    def _decl_type(self, f: FileIndex, d: Binding, depth: int) -> Rep | None:
        if d.type_node is not None:
            r = self.rep(f, d.type_node)
            return ("slice", r) if d.variadic and r is not None else r
        if d.init is None:
            return None
        if d.kind == "range":
            base = self.underlying(deref(self.typeof(f, d.init, depth)))
            if d.index == 1 and base is not None and base[0] in ("map", "slice"):
                return base[1]
            return None
        if d.index is None:
            return self.typeof(f, d.init, depth)
        init = unparen(d.init)
        if d.index == 0 and init is not None and init.type in ("index_expression", "type_assertion_expression"):
            return self.typeof(f, init, depth)
        if init is not None and init.type == "call_expression":
            results = self.results_of(f, init)
            if results is not None:
                return results[d.index] if d.index < len(results) else None
            return self._nth_result(f, init, d.index)
        return None

    def results_of(self, f: FileIndex, call: Node) -> tuple[Rep, ...] | None:
        """The result types of a call of the standard library the table knows
        (``http.Get(u)``, ``client.Do(req)`` on an ``*http.Client``), or None."""
        fn = unparen(call.child_by_field_name("function"))
        if fn is None or fn.type != "selector_expression":
            return None
        op = fn.child_by_field_name("operand")
        fl = fn.child_by_field_name("field")
        if op is None or fl is None:
            return None
        if self.is_import(f, op):
            path = self._import_path(f, f.text(op))
            return None if path is None else FUNCS.get((path, f.text(fl)))
        base = deref(self.typeof(f, op))
        if base is not None and base[0] == "ext":
            return METHODS.get((base[1], base[2], f.text(fl)))
        return None

    def _nth_result(self, f: FileIndex, call: Node, i: int) -> Rep | None:
        fn = unparen(call.child_by_field_name("function"))
        target = None
        if fn is not None and fn.type == "identifier" and self.lookup(f, fn)[0] is None and f.text(fn) in self.funcs:
            target = self.funcs[f.text(fn)]
        elif fn is not None and fn.type == "selector_expression":
            op = fn.child_by_field_name("operand")
            if op is not None and not self.is_import(f, op):
                m = self.method(self.typeof(f, op), f.text(fn.child_by_field_name("field")))
                target = None if m is None else (m.decl, m.file)
        if target is None:
            return None
        decl, tf = target
        res = decl.child_by_field_name("result")
        if res is None or res.type != "parameter_list":
            return None
        types: list[Node] = []
        for p in named(res):
            names = p.children_by_field_name("name")
            types.extend([p.child_by_field_name("type")] * max(1, len(names)))
        return self.rep(tf, types[i]) if i < len(types) else None

    def typeof_in_build(self, f: FileIndex, e: Node | None) -> Rep | None:
        """``typeof(f, e)`` as the build of ``f`` sees it: None when ``e`` goes through a
        declaration of a ``_test.go`` file and ``f`` is not one (a package is built without its
        tests, so its files cannot use what the tests declare; the model holds both)."""
        if e is None or (not f.is_test and self._through_tests(f, e)):
            return None
        return self.typeof(f, e)

    def _through_tests(self, f: FileIndex, e: Node) -> bool:
        """Does ``e`` name a package-level variable or function of a test file, or select a
        field or method of a type a test file declares (through calls, indexes, ``&``, ``*``)?"""
        n: Node | None = e
        for _ in range(16):
            n = unparen(n)
            if n is None:
                return False
            t = n.type
            if t == "identifier":
                if self.lookup(f, n)[0] is not None or f.text(n) in f.import_names:
                    return False
                name = f.text(n)
                declared = self.pkg_vars.get(name) or self.funcs.get(name)
                return declared is not None and declared[1].is_test
            if t == "selector_expression":
                n = n.child_by_field_name("operand")
                base = deref(self.typeof(f, n)) if n is not None else None
                if base is not None and base[0] == "named":
                    decl = self.types.get(base[1])
                    if decl is not None and decl.file.is_test:
                        return True
            elif t == "call_expression":
                n = n.child_by_field_name("function")
            elif t in ("index_expression", "unary_expression"):
                n = n.child_by_field_name("operand")
            else:
                return False
        return False

    def binding_type(self, f: FileIndex, d: Binding) -> Rep | None:
        """The type of a name a function declares (a parameter, a local, a range variable), as
        the declaration's type or its initialiser says it; None when unknown."""
        return self._decl_type(f, d, 0)
