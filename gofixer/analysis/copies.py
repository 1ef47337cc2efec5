"""Where a package copies values of a type: what stands in the way of adding a lock to it.

A lock must not be copied once used (``go vet``'s copylocks reports every copy of a value that
holds one), so a field such as a ``sync.Mutex`` can be added to a struct type only when the
package copies no value of it: no value receiver, no ``x := *p``, no value passed, returned,
ranged over or stored by value, no slice, map or array of it, and no type holding one by value
that is copied in turn. An unkeyed literal of the type would no longer compile with the new
field. Uses are found by name and declaration (``PackageModel.typeof``), so what the model
cannot type is not seen: the answer is "no copy found", not a proof.
"""

from __future__ import annotations

from tree_sitter import Node

from . import lexical
from .decls import TypeDecl
from .files import FileIndex, nodes_below, nodes_below_unordered
from .model import PackageModel
from .syntax import callee_name, is_field, named, same_node, unparen


def copy_reason(model: PackageModel, t: TypeDecl, seen: set[str] | None = None) -> str | None:
    """Why adding a mutex to ``t`` would break the package (go vet's copylocks would fail, or an
    unkeyed literal would no longer compile), described with the place; None when no copy of a
    ``t`` value (or of a type containing one) is visible in the package. ``seen``: the types
    already asked about on the way (a type containing itself through others)."""
    seen = set() if seen is None else seen
    if t.name in seen:
        return None
    seen.add(t.name)
    for m in t.methods.values():
        if not m.pointer:
            return f"{m.shown} has a value receiver (a copy of {t.name} would copy the mutex)"
    containers: list[TypeDecl] = []
    name = t.name
    fields = _fields_of_type(model).get(name, frozenset())
    values = _may_have_values(model, name)
    for f in model.files:
        if name.encode() not in f.data:
            continue
        for n in _copy_candidates(model, f) if values else _spelled(f, name, "type_identifier"):
            if n.type == "type_identifier":
                if f.text(n) == name:
                    why = _type_use_copies(model, f, n, t, containers)
                    if why:
                        return why
            elif n.type == "selector_expression" and f.text(n.child_by_field_name("field")) not in fields:
                continue  # typeof(x.f) is the declared type of a field named f: never a `name`
            elif _could_be(model, f, n, name) and model.typeof(f, n) == ("named", name):
                return _value_use_copies(f, n, name)
    for c in containers:
        why = copy_reason(model, c, seen)
        if why:
            return f"{c.name} contains a {t.name} and {why}"
    return None


def _may_have_values(model: PackageModel, name: str) -> bool:
    """May an expression be a value of type ``name`` (see ``typeof``)? A value of type ``T``
    starts at a ``T`` written as a type not behind a pointer (a variable, field, result,
    element, literal, assertion or type argument; ``new(T)`` is a ``*T``), at a conversion
    ``T(x)``, or at a dereference ``*p`` of a ``*T``. A type written only as ``*T`` and never
    dereferenced has no value anywhere, and copy_reason then looks only at where ``T`` is
    written: the runtime's ``p`` is spelled in all of its 460 files, and working out the type
    of every copied expression there to find none cost two seconds.

    The types of the dereferences are worked out only for a name that is not already known to
    have values from how it is written (the costly part, and most types asked about are
    written as values somewhere)."""
    word = name.encode()
    return any(written_as_value(f, name) for f in model.files if word in f.data) or name in _dereferenced(model)


def written_as_value(f: FileIndex, name: str) -> bool:
    """Does the file write ``name`` as a type not behind a pointer, or call it as a conversion?
    Its nodes are found at the places the file spells the name, not by a query over the file."""
    for n in _spelled(f, name, "type_identifier", "identifier"):
        p = n.parent
        if n.type == "type_identifier":
            if p is None or p.type == "pointer_type" or (p.type == "type_spec" and is_field(p, "name", n)):
                continue
            if p.type == "argument_list" and p.parent is not None and callee_name(p.parent, f.data) == "new":
                continue  # new(T) is a *T
            return True
        while p is not None and p.type == "parenthesized_expression":
            p = p.parent
        if p is not None and p.type == "call_expression" and same_node(unparen(p.child_by_field_name("function")), n):
            return True  # a conversion T(x)
    return False


def _spelled(f: FileIndex, name: str, *types: str) -> list[Node]:
    """The file's nodes of ``types`` whose text is ``name``, in document order: looked up where
    the bytes spell it as a whole word, instead of a query for every such node of the file."""
    word = name.encode()
    out = []
    for i in lexical.word_offsets(f.data, word):
        end = i + len(word)
        n = f.root.descendant_for_byte_range(i, end)
        if n is not None and n.type in types and n.start_byte == i and n.end_byte == end:
            out.append(n)
    return out


def _dereferenced(model: PackageModel) -> set[str]:
    """Names of the types of the package's ``*p`` expressions (once per model)."""

    def find() -> set[str]:
        got: set[str] = set()
        for f in model.files:
            for u in nodes_below_unordered(f.root, "unary_expression"):
                op = u.child_by_field_name("operator")
                if op is None or op.type != "*":
                    continue
                r = model.typeof(f, u.child_by_field_name("operand"))
                while r is not None and r[0] == "ptr":
                    r = r[1]
                if r is not None and r[0] == "named":
                    got.add(r[1])
        return got

    return model.memo("copies: dereferenced", find)


def _fields_of_type(model: PackageModel) -> dict[str, frozenset[str]]:
    """Type name -> the names of the package's struct fields declared with exactly that type.

    A selector ``x.f`` has a named type only through a field ``f`` declared with it (see
    ``typeof`` and ``field_type``), so copy_reason asks for the type of a selector only when
    its field has one of these names: a type called ``p`` or ``g`` is spelled in every file of
    the runtime, and working out the type of every copied selector there cost seconds."""

    def index() -> dict[str, frozenset[str]]:
        acc: dict[str, set[str]] = {}
        for t in model.types.values():
            for fname, r in t.fields.items():
                if r is not None and r[0] == "named":
                    acc.setdefault(r[1], set()).add(fname)
        return {k: frozenset(v) for k, v in acc.items()}

    return model.memo("copies: fields of type", index)


_COPY_TYPES = ("type_identifier", "identifier", "selector_expression", "index_expression", "unary_expression", "call_expression")


def _copy_candidates(model: PackageModel, f: FileIndex) -> list[Node]:
    """The file's type names and the expressions whose use copies their value, in document order.

    The syntactic test does not depend on the type asked about, so it runs once per file of the
    package model rather than once per type copy_reason examines (most expressions are used
    without a copy: a field access, an address); only these have their types worked out."""
    cache: dict = model.memo("copies: candidates", dict)
    got = cache.get(id(f))
    if got is None:
        got = cache[id(f)] = [
            n
            for n in nodes_below(f.root, *_COPY_TYPES)
            if n.type == "type_identifier"
            or (not (n.type == "identifier" and f.text(n) == "_") and _value_use_copies(f, n, "", describe=False))
        ]
    return got


def _could_be(model: PackageModel, f: FileIndex, n: Node, name: str) -> bool:
    """Cheap filter before computing a type: only expressions that may denote a value of ``name``."""
    t = n.type
    if t == "identifier":
        p = n.parent
        if p is not None and p.type in ("selector_expression",) and is_field(p, "operand", n):
            return True
        d, _fn = model.lookup(f, n)
        if d is not None:
            if d.type_node is not None:
                return name.encode() in f.data[d.type_node.start_byte : d.type_node.end_byte]
            return d.init is not None
        return f.text(n) in model.pkg_vars
    if t == "selector_expression":
        return True
    if t == "unary_expression":
        op = n.child_by_field_name("operator")
        return op is not None and op.type == "*"
    if t == "index_expression":
        return True
    return False


def _type_use_copies(model: PackageModel, f: FileIndex, n: Node, t: TypeDecl, containers: list[TypeDecl]) -> str | None:
    p = n.parent
    if p is None:
        return None
    pt = p.type
    if pt == "type_spec" and is_field(p, "name", n):
        return None
    if pt == "pointer_type":
        return None
    if pt == "generic_type":
        q = p.parent
        if q is not None and q.type == "pointer_type":
            return None
        p, pt = q, q.type if q is not None else ""
        if p is None:
            return None
    if pt == "composite_literal":
        # a keyed literal is fine; an unkeyed one would no longer compile with a new field
        body = p.child_by_field_name("body")
        if body is not None and any(c.type == "literal_element" for c in named(body)):
            return f"an unkeyed {t.name} literal at {f.where(p)} would break with a new field"
        return None
    if pt == "argument_list":
        call = p.parent
        if call is not None and callee_name(call, f.data) == "new":
            return None
        return f"{t.name} is used by value at {f.where(n)}"
    if pt == "var_spec":
        vals = named(p.child_by_field_name("value"))
        if all(v.type == "composite_literal" for v in vals):
            return None
        return f"a {t.name} is copied at {f.where(p)}"
    if pt == "field_declaration":
        lst = p.parent
        st = lst.parent if lst is not None else None
        spec = st.parent if st is not None else None
        if spec is not None and spec.type == "type_spec":
            cname = f.text(spec.child_by_field_name("name"))
            c = model.types.get(cname)
            if c is not None and not c.ambiguous:
                if c not in containers:
                    containers.append(c)
                return None
        return f"a {t.name} field of an anonymous struct at {f.where(n)} may be copied"
    if pt == "type_spec" or pt == "receiver":
        return None
    if pt == "parameter_declaration":
        plist = p.parent
        owner = plist.parent if plist is not None else None
        if owner is not None and owner.type == "method_declaration" and is_field(owner, "receiver", plist):
            return None  # value receivers are reported above with their own message
        return f"a {t.name} is passed or returned by value at {f.where(n)}"
    return f"{t.name} is used by value at {f.where(n)}"


def _value_use_copies(f: FileIndex, n: Node, name: str, describe: bool = True) -> str | None:
    """Is a value of the type used in a way that copies it (not a field access, a method call, an
    address, or the left side of an assignment)? Without ``describe``, a non-empty placeholder
    instead of the message (whose position costs a line count)."""
    child, p = n, n.parent
    while p is not None and p.type == "parenthesized_expression":
        child, p = p, p.parent
    if p is None or p.type in ("parameter_declaration", "variadic_parameter_declaration", "var_spec", "const_spec"):
        return None  # a declaration, not a use (its type and value are checked on their own)
    if p.type == "selector_expression" and is_field(p, "operand", child):
        return None
    if p.type == "unary_expression":
        op = p.child_by_field_name("operator")
        if op is not None and op.type == "&":
            return None
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "assignment_statement":
        if is_field(p.parent, "left", p):
            if n.type == "unary_expression":
                return f"a whole {name} is overwritten at {f.where(n)}" if describe else "overwritten"
            return None
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "short_var_declaration" and is_field(p.parent, "left", p):
        return None
    if p.type == "range_clause" and is_field(p, "left", child):
        return None
    if p.type == "expression_list" and p.parent is not None and p.parent.type == "range_clause":
        return None
    return f"a {name} value is copied at {f.where(n)}" if describe else "copied"
