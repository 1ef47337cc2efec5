"""Lock, channel and WaitGroup classes: which mutex, channel or WaitGroup an operand is, known
across the functions of a package.

A class is the named type of the package that declares the value and the field path from
there (``Store.mu``; ``Store.coalesced`` for a mutex embedded in an anonymous struct field;
``T`` for a mutex embedded in ``T`` itself), or one variable of a function (a closure that
names it shares it; a local initialised from a channel or from the address of a mutex is that
value). Two operations on one class in two functions may be on two values of the type: the
lock rules use classes for what crosses functions (a lock order, the counterpart of a channel
operation) and the operand's text for what stays in one function.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tree_sitter import Node

from .files import FileIndex
from .model import PackageModel
from .summaries import operand_key
from .syntax import named, unparen
from .types import deref

MUTEXES = ("Mutex", "RWMutex")


@dataclass(frozen=True)
class Class:
    """A mutex, channel or WaitGroup of the package, as a type and field path or as one
    variable. ``what``: "Mutex", "RWMutex", "WaitGroup" or "chan"."""

    owner: tuple  # ("type", name) | ("local", file idx, declaring offset) | ("var", name)
    path: str  # field path from the owner ("mu", "mu.inner"; "" for the owner itself)
    what: str
    name: str = field(default="", compare=False)  # how a message shows it

    @property
    def is_local(self) -> bool:
        return self.owner[0] == "local"

    @property
    def shown(self) -> str:
        """The class as a message names it: ``Store.mu``, ``Store`` (its embedded mutex), or the
        variable's name."""
        if self.owner[0] == "type":
            return f"{self.owner[1]}.{self.path}" if self.path else self.owner[1]
        return self.name


def _sync_name(f: FileIndex, ty: Node | None) -> str | None:
    """``Mutex``, ``RWMutex``, ``WaitGroup``… for ``sync.X`` or ``*sync.X`` spelled in file
    ``f``; None for anything else."""
    if ty is not None and ty.type == "pointer_type":
        inner = named(ty)
        ty = inner[0] if inner else None
    if ty is None or ty.type != "qualified_type" or f.sync is None:
        return None
    pkg = ty.child_by_field_name("package")
    nm = ty.child_by_field_name("name")
    if pkg is None or nm is None or f.text(pkg) != f.sync:
        return None
    return f.text(nm)


def _struct_fields(st: Node) -> list[Node]:
    lst = next((c for c in st.named_children if c.type == "field_declaration_list"), None)
    return [c for c in named(lst) if c.type == "field_declaration"]


def _embedded_sync(f: FileIndex, st: Node) -> str | None:
    """The sync mutex an anonymous or named struct type embeds (``struct { sync.Mutex; … }``)."""
    for fd in _struct_fields(st):
        if fd.children_by_field_name("name"):
            continue
        kind = _sync_name(f, fd.child_by_field_name("type"))
        if kind in MUTEXES:
            return kind
    return None


def _named_field(f: FileIndex, st: Node, name: str) -> Node | None:
    """The type node of the field ``name`` declared in the struct type ``st``."""
    for fd in _struct_fields(st):
        for nm in fd.children_by_field_name("name"):
            if f.text(nm) == name:
                return fd.child_by_field_name("type")
    return None


@dataclass
class _Place:
    """Where a selector chain has got to: a value of a named type, or of an anonymous struct
    type declared in a field of ``owner`` at ``path``."""

    owner: str
    path: list[str]
    file: FileIndex
    struct: Node | None = None  # the anonymous struct type, when not a named one


def _type_place(model: PackageModel, name: str) -> _Place | None:
    t = model.types.get(name)
    if t is None or t.ambiguous or t.struct is None:
        return None
    return _Place(name, [], t.file, t.struct)


def _field_of(model: PackageModel, place: _Place, name: str, depth: int = 0) -> tuple[_Place, Node] | None:
    """The field ``name`` of a value at ``place``: the place that declares it (a promoted field
    is declared by the embedded type) and its type node."""
    if place.struct is None:
        return None
    ty = _named_field(place.file, place.struct, name)
    if ty is not None:
        return place, ty
    if depth > 2 or place.path:
        return None
    t = model.types.get(place.owner)
    if t is None:
        return None
    for ename, rep in t.embedded.items():
        inner = deref(rep)
        if inner is None or inner[0] != "named":
            continue
        sub = _type_place(model, inner[1])
        got = _field_of(model, sub, name, depth + 1) if sub is not None else None
        if got is not None:
            return got
    return None


def _from_type_node(model: PackageModel, owner: _Place, fname: str, f: FileIndex, ty: Node | None) -> _Place | str | None:
    """What a field of type ``ty`` (declared in file ``f``) holds: a sync type's name, ``chan``,
    or the place of a struct value to select further from."""
    if ty is None:
        return None
    sync = _sync_name(f, ty)
    if sync is not None:
        return sync
    if ty.type == "pointer_type":
        inner = named(ty)
        ty = inner[0] if inner else None
        if ty is None:
            return None
    if ty.type == "channel_type":
        return "chan"
    if ty.type == "struct_type":
        return _Place(owner.owner, [*owner.path, fname], f, ty)
    if ty.type == "generic_type":
        ty = ty.child_by_field_name("type")
    if ty is not None and ty.type == "type_identifier":
        name = f.text(ty)
        t = model.types.get(name)
        if t is not None and t.struct is None and not t.ambiguous:
            u = t.underlying
            if isinstance(u, tuple) and u[0] == "chan":
                return "chan"
            return None
        return _type_place(model, name)
    return None


def _rep_what(r) -> str | None:
    """What a type of the model's notation holds: a sync type's name, ``chan``, else None."""
    r = deref(r)
    if r is None:
        return None
    if r[0] == "ext" and r[1] == "sync":
        return r[2]
    if r[0] == "chan":
        return "chan"
    return None


def value_class(model: PackageModel, f: FileIndex, expr: Node | None) -> Class | None:
    """The class of a mutex, channel or WaitGroup operand (``s.mu``, ``r.store.coalescedMu``,
    ``svm`` for a type embedding its mutex, a local ``mu``, ``ch``), or None when the chain
    goes through something the model cannot type. A local variable initialised from a field
    (``c := s.ch``) has the field's class: it is that value."""
    expr = unparen(expr)
    if expr is None:
        return None
    chain: list[str] = []
    n = expr
    while n.type == "selector_expression":
        fl = n.child_by_field_name("field")
        op = unparen(n.child_by_field_name("operand"))
        if fl is None or op is None:
            return None
        chain.append(f.text(fl))
        n = op
    chain.reverse()
    if n.type != "identifier":
        return None
    shown = operand_key(f.data, expr) or ""
    binding, _fn = model.lookup(f, n)
    place: _Place | str | None
    if binding is not None:
        aliased = _alias(model, f, binding) if not chain else None
        if aliased is not None:
            return Class(aliased.owner, aliased.path, aliased.what, shown)
        rep = model.typeof(f, n)
        base = deref(rep)
        if base is not None and base[0] == "named":
            place = _type_place(model, base[1])
        else:
            what = _rep_what(rep)
            if what is None or chain:
                return None
            return Class(("local", f.idx, binding.name_at), "", what, shown)
    else:
        name = f.text(n)
        if name in f.import_names:
            return None
        pv = model.pkg_vars.get(name)
        if pv is None:
            return None
        spec, vf, _i = pv
        rep = model.typeof(f, n)
        base = deref(rep)
        if base is not None and base[0] == "named":
            place = _type_place(model, base[1])
            if place is not None and not chain:
                what = _embedded_sync(place.file, place.struct) if place.struct is not None else None
                return Class(("var", name), "", what, shown) if what else None
        else:
            what = _rep_what(rep)
            if what is None or chain:
                return None
            return Class(("var", name), "", what, shown)
    for i, fname in enumerate(chain):
        if not isinstance(place, _Place):
            return None
        got = _field_of(model, place, fname)
        if got is None:
            return None
        decl_place, ty = got
        nxt = _from_type_node(model, decl_place, fname, decl_place.file, ty)
        if isinstance(nxt, str):
            if i != len(chain) - 1:
                return None
            path = ".".join([*decl_place.path, fname])
            return Class(("type", decl_place.owner), path, nxt, shown)
        place = nxt
    if not isinstance(place, _Place) or place.struct is None:
        return None
    # a value whose own methods are the mutex's: a type (or anonymous struct) embedding it
    if not place.path:
        t = model.types.get(place.owner)
        if t is not None and ("Lock" in t.methods or "RLock" in t.methods):
            return None
    what = _embedded_sync(place.file, place.struct)
    if what is None:
        return None
    return Class(("type", place.owner), ".".join(place.path), what, shown)


def _alias(model: PackageModel, f: FileIndex, binding, depth: int = 0) -> Class | None:
    """The class a local variable refers to when it is initialised from another value: a
    channel (``c := s.ch``), or the address of a mutex or WaitGroup (``mu := &s.mu``); a copy of
    a mutex is a mutex of its own."""
    if binding.kind != "local" or binding.index is not None or binding.init is None or depth > 4:
        return None
    init = unparen(binding.init)
    if init is None:
        return None
    addr = init.type == "unary_expression" and f.data[init.start_byte : init.start_byte + 1] == b"&"
    if addr:
        init = unparen(init.child_by_field_name("operand"))
    if init is None or init.type not in ("identifier", "selector_expression"):
        return None
    got = value_class(model, f, init)
    if got is None or (got.what != "chan" and not addr):
        return None
    return got


def place_of(model: PackageModel, f: FileIndex, expr: Node | None, depth: int = 0) -> _Place | None:
    """The struct value an expression denotes, where the model's types stop short: fields of
    anonymous struct types (``s.mu.replicas`` in ``mu struct { replicas map[int]*Replica }``),
    elements of maps and slices held in such fields, and locals initialised from either."""
    expr = unparen(expr)
    if expr is None or depth > 6:
        return None
    base = deref(model.typeof(f, expr))
    if base is not None and base[0] == "named":
        return _type_place(model, base[1])
    t = expr.type
    if t == "identifier":
        binding, _fn = model.lookup(f, expr)
        if binding is not None and binding.kind == "local" and binding.index in (None, 0) and binding.init is not None:
            init = unparen(binding.init)
            if init is not None and (binding.index is None or init.type == "index_expression"):
                return place_of(model, f, init, depth + 1)
        return None
    if t == "selector_expression":
        got = _field_type_node(model, f, expr, depth)
        if got is None:
            return None
        decl_place, fname, ty = got
        nxt = _from_type_node(model, decl_place, fname, decl_place.file, ty)
        return nxt if isinstance(nxt, _Place) else None
    if t == "index_expression":
        got = _field_type_node(model, f, unparen(expr.child_by_field_name("operand")), depth)
        if got is None:
            return None
        decl_place, fname, ty = got
        while ty is not None and ty.type == "pointer_type":
            inner = named(ty)
            ty = inner[0] if inner else None
        if ty is None:
            return None
        if ty.type == "map_type":
            elem = ty.child_by_field_name("value")
        elif ty.type in ("slice_type", "array_type"):
            elem = ty.child_by_field_name("element")
        else:
            return None
        nxt = _from_type_node(model, decl_place, fname, decl_place.file, elem)
        return nxt if isinstance(nxt, _Place) and not nxt.path else None
    return None


def _field_type_node(model: PackageModel, f: FileIndex, expr: Node | None, depth: int) -> tuple[_Place, str, Node] | None:
    """For ``x.f``: the place declaring field ``f`` and its type node."""
    if expr is None or expr.type != "selector_expression":
        return None
    op = expr.child_by_field_name("operand")
    fl = expr.child_by_field_name("field")
    place = place_of(model, f, op, depth + 1) if fl is not None else None
    if place is None:
        return None
    got = _field_of(model, place, f.text(fl))
    if got is None:
        return None
    return got[0], f.text(fl), got[1]
