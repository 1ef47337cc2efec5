"""What a package declares across its files: named types with their fields and methods,
functions and package-level variables.

Declarations are read from the syntax of every file of the package (its ``_test.go`` files
included), so a type, its methods and its users may be spread over several files. A name
declared twice (build-tagged variants of one file, a method declared on two files' copies of a
type) is marked ambiguous: questions about it are answered "unknown".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from .files import FileIndex, nodes_below
from .lexical import word_offsets
from .syntax import named, same_node

Rep = tuple  # a type as the model knows it: see gofixer.analysis.types

MUTEX_TYPES = ("Mutex", "RWMutex")


@dataclass
class MethodDecl:
    """A method declared in the package, on a named type of the package."""

    owner: str
    name: str
    decl: Node
    file: FileIndex
    recv: str | None
    pointer: bool

    @property
    def key(self) -> tuple:
        return (self.file.idx, self.decl.start_byte, self.decl.end_byte)

    @property
    def shown(self) -> str:
        return f"({'*' if self.pointer else ''}{self.owner}).{self.name}"


@dataclass
class TypeDecl:
    """A named type declared in the package: for a struct, its fields (by name, with the
    type each has and the declaration that declares it), embedded fields, mutex fields and
    fields of sync or sync/atomic types (not data a race is about); its methods."""

    name: str
    file: FileIndex
    spec: Node
    struct: Node | None  # struct_type, None for other named types
    underlying: Rep | None = None
    fields: dict[str, Rep | None] = field(default_factory=dict)
    field_nodes: dict[str, Node] = field(default_factory=dict)  # name -> field_declaration
    embedded: dict[str, Rep | None] = field(default_factory=dict)
    mutexes: list[str] = field(default_factory=list)  # field names (embedded: Mutex / RWMutex)
    skipped: set[str] = field(default_factory=set)  # atomic, mutex, sync fields: not data
    methods: dict[str, MethodDecl] = field(default_factory=dict)
    ambiguous: bool = False


class Declarations:
    """The package's declarations (mixed into the package model; ``self.files`` is the list of
    the package's indexed files)."""

    files: list[FileIndex]

    def _collect_declarations(self) -> None:
        self.types: dict[str, TypeDecl] = {}
        self.funcs: dict[str, tuple[Node, FileIndex]] = {}
        self.dup_funcs: set[str] = set()
        self.pkg_vars: dict[str, tuple[Node, FileIndex, int]] = {}
        self._collect()

    def _collect(self) -> None:
        for f in self.files:
            for d in f.root.named_children:
                if d.type == "type_declaration":
                    for spec in d.named_children:
                        if spec.type == "type_spec":
                            self._add_type(f, spec)
                elif d.type == "function_declaration":
                    nm = d.child_by_field_name("name")
                    if nm is not None:
                        name = f.text(nm)
                        if name in self.funcs:
                            self.dup_funcs.add(name)
                        self.funcs[name] = (d, f)
                elif d.type == "var_declaration":
                    for spec in nodes_below(d, "var_spec"):
                        if spec.type == "var_spec":
                            for i, nm in enumerate(spec.children_by_field_name("name")):
                                self.pkg_vars[f.text(nm)] = (spec, f, i)
        for name in self.dup_funcs:
            self.funcs.pop(name, None)
        for t in self.types.values():
            self._fill_type(t)
        for f in self.files:
            for d in f.root.named_children:
                if d.type == "method_declaration":
                    self._add_method(f, d)

    def _add_type(self, f: FileIndex, spec: Node) -> None:
        nm = spec.child_by_field_name("name")
        ty = spec.child_by_field_name("type")
        if nm is None or ty is None:
            return
        name = f.text(nm)
        if name in self.types:
            self.types[name].ambiguous = True
            return
        is_alias = any(c.type == "=" for c in spec.children)
        t = TypeDecl(name, f, spec, ty if ty.type == "struct_type" and not is_alias else None)
        if t.struct is None:
            t.underlying = ty  # resolved lazily (a Node until then)
            if is_alias:
                t.ambiguous = True
        self.types[name] = t

    def _fill_type(self, t: TypeDecl) -> None:
        f = t.file
        if t.struct is None:
            node = t.underlying
            t.underlying = self.rep(f, node) if isinstance(node, Node) else None
            return
        lst = next((c for c in t.struct.named_children if c.type == "field_declaration_list"), None)
        for fd in named(lst):
            if fd.type != "field_declaration":
                continue
            ty = fd.child_by_field_name("type")
            names = fd.children_by_field_name("name")
            kind = self._sync_kind(f, ty)
            if not names:  # embedded
                base = ty
                if base is not None and base.type == "pointer_type":
                    base = named(base)[0] if named(base) else None
                if base is None:
                    continue
                if base.type == "qualified_type":
                    ename = f.text(base.child_by_field_name("name"))
                elif base.type == "generic_type":
                    ename = f.text(base.child_by_field_name("type"))
                else:
                    ename = f.text(base)
                t.field_nodes[ename] = fd
                if kind in MUTEX_TYPES:
                    t.mutexes.append(ename)
                    t.skipped.add(ename)
                elif kind is not None:
                    t.skipped.add(ename)
                else:
                    t.embedded[ename] = self.rep(f, ty)
                    t.fields[ename] = self.rep(f, ty)
                continue
            for nm in names:
                fname = f.text(nm)
                t.field_nodes[fname] = fd
                t.fields[fname] = self.rep(f, ty)
                if kind in MUTEX_TYPES:
                    t.mutexes.append(fname)
                if kind is not None:
                    t.skipped.add(fname)

    @staticmethod
    def _sync_kind(f: FileIndex, ty: Node | None) -> str | None:
        """"Mutex"/"RWMutex" for a sync mutex (or pointer to one), "sync" for another sync or
        sync/atomic type, None for data."""
        if ty is not None and ty.type == "pointer_type":
            inner = named(ty)
            ty = inner[0] if inner else None
        if ty is not None and ty.type == "generic_type":
            ty = ty.child_by_field_name("type")
        if ty is None or ty.type != "qualified_type":
            return None
        pkg = f.text(ty.child_by_field_name("package"))
        name = f.text(ty.child_by_field_name("name"))
        if f.sync is not None and pkg == f.sync:
            return name if name in MUTEX_TYPES else "sync"
        if f.atomic is not None and pkg == f.atomic:
            return "sync"
        return None

    def _add_method(self, f: FileIndex, d: Node) -> None:
        recv = d.child_by_field_name("receiver")
        nm = d.child_by_field_name("name")
        params = [p for p in named(recv) if p.type == "parameter_declaration"]
        if nm is None or len(params) != 1:
            return
        ty = params[0].child_by_field_name("type")
        pointer = False
        if ty is not None and ty.type == "pointer_type":
            pointer = True
            inner = named(ty)
            ty = inner[0] if inner else None
        if ty is not None and ty.type == "generic_type":
            ty = ty.child_by_field_name("type")
        if ty is None or ty.type != "type_identifier":
            return
        t = self.types.get(f.text(ty))
        if t is None:
            return
        rn = params[0].child_by_field_name("name")
        rname = f.text(rn) if rn is not None else None
        name = f.text(nm)
        if name in t.methods:
            t.ambiguous = True
            return
        t.methods[name] = MethodDecl(t.name, name, d, f, None if rname == "_" else rname, pointer)


    # -- every declaration of a name, file by file ----------------------------------------------

    def _by_name(self) -> dict[str, dict[str, list]]:
        """Package-level var/const/func and type declarations, and struct fields, by name: for
        each file (in the model's file order) the first declaration of the name at package level,
        and every field declaration. Made on first use: most rules never ask."""
        got = self.__dict__.get("_declared_by_name")
        if got is not None:
            return got
        values: dict[str, list] = {}
        types: dict[str, list] = {}
        fields: dict[str, list] = {}
        for f in self.files:
            seen_values: set[str] = set()
            seen_types: set[str] = set()
            for d in f.root.children:
                if d.type in ("var_declaration", "const_declaration"):
                    specs = [c for c in d.named_children if c.type in ("var_spec", "const_spec")]
                    for lst in (c for c in d.named_children if c.type == "var_spec_list"):
                        specs += [c for c in lst.named_children if c.type == "var_spec"]
                    for spec in specs:
                        kind = "var" if spec.type == "var_spec" else "const"
                        for i, nm in enumerate(spec.children_by_field_name("name")):
                            name = f.text(nm)
                            if name not in seen_values:
                                seen_values.add(name)
                                values.setdefault(name, []).append((f, kind, spec, nm, i))
                elif d.type == "function_declaration":
                    nm = d.child_by_field_name("name")
                    if nm is not None and f.text(nm) not in seen_values:
                        seen_values.add(f.text(nm))
                        values.setdefault(f.text(nm), []).append((f, "func", d, nm, 0))
                elif d.type == "type_declaration":
                    for spec in d.named_children:
                        if spec.type not in ("type_spec", "type_alias"):
                            continue
                        nm, ty = spec.child_by_field_name("name"), spec.child_by_field_name("type")
                        if nm is not None and ty is not None and f.text(nm) not in seen_types:
                            seen_types.add(f.text(nm))
                            types.setdefault(f.text(nm), []).append((f, ty))
            for fd in _field_declarations(f):
                ty = fd.child_by_field_name("type")
                if ty is None:
                    continue
                for name in dict.fromkeys(f.text(c) for c in fd.children_by_field_name("name")):
                    fields.setdefault(name, []).append((f, ty))
        got = self.__dict__["_declared_by_name"] = {"values": values, "types": types, "fields": fields}
        return got

    def package_level(self, name: str) -> list[tuple[FileIndex, str, Node, Node, int]]:
        """The package-level declarations of ``name`` as a var, const or func, at most one per
        file (its first), in file order: (file, "var" | "const" | "func", the spec or function
        declaration, the declaring identifier, its index among the spec's names). Build-tagged
        variants of a file may each declare the name: a rule picks the one it can see."""
        return self._by_name()["values"].get(name, [])

    def type_declarations(self, name: str) -> list[tuple[FileIndex, Node]]:
        """The package-level declarations of type ``name``, aliases included, at most one per
        file, in file order: (file, the declared type's node)."""
        return self._by_name()["types"].get(name, [])

    def field_declarations(self, name: str) -> list[tuple[FileIndex, Node]]:
        """Every struct field called ``name`` in the package, in any struct type (named,
        anonymous, declared in a function), in file and document order: (file, the field's
        type node)."""
        return self._by_name()["fields"].get(name, [])

    def method_decl(self, f: FileIndex, decl: Node) -> MethodDecl | None:
        """The method a ``method_declaration`` node of file ``f`` declares (None: its receiver
        is not a type of the package, or the method is declared twice)."""
        for t in self.types.values():
            for m in t.methods.values():
                if m.decl is decl or (m.file is f and same_node(m.decl, decl)):
                    return m
        return None


def _field_declarations(f: FileIndex) -> list[Node]:
    """The file's struct field declarations in document order, found from its ``struct``
    keywords (a query pass over the whole file costs a third of a parse); a tree with errors
    may hold a struct the bytes do not show where the tree has it, so there a query is asked."""
    if f.root.has_error:
        return nodes_below(f.root, "field_declaration")
    out: list[Node] = []
    for i in word_offsets(f.data, b"struct"):
        token = f.root.descendant_for_byte_range(i, i + 6)
        st = token.parent if token is not None and token.type == "struct" else None
        if st is None or st.type != "struct_type":
            continue
        lst = next((c for c in st.named_children if c.type == "field_declaration_list"), None)
        out.extend(c for c in named(lst) if c.type == "field_declaration")
    out.sort(key=lambda n: n.start_byte)
    return out
