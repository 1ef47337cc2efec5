"""GF405 lock-copied: a value receiver or parameter whose type holds a lock, copied at every call.

What it finds
    A method with a value receiver, or a function, method or function literal with a value
    parameter, whose type holds a lock by value. The finding is on the receiver or the
    parameter. Locks are what ``go vet``'s copylocks treats as one: ``sync.Mutex``,
    ``RWMutex``, ``WaitGroup``, ``Once``, ``Cond``, ``Map`` and ``Pool``, the typed values of
    ``sync/atomic`` (``atomic.Int64``, ``atomic.Bool``, ``atomic.Pointer[T]``…, not
    ``atomic.Value``) and any type of the package with a ``func (*T) Lock()`` method (the
    ``noCopy`` convention). A type holds one when it is one (``wg sync.WaitGroup``), or through
    struct types declared in the package (in any of its files), embedded fields, nested struct
    fields, arrays and defined types (``type myMu sync.Mutex``), under whatever name ``sync``
    is imported.

    Named, ``_`` and unnamed receivers and parameters are all reported: the value is copied at
    the call either way. Generic types are reported when their own fields hold a lock (as ``go vet`` does);
    a field whose type is a type parameter is not taken for a lock.
    Not reported: pointer receivers and parameters; locks held through a pointer, slice, map,
    channel, function or interface (``*sync.Mutex``, ``[]sync.Mutex``, ``sync.Locker``);
    types of other packages (other than ``sync`` and ``sync/atomic``), which cannot be seen
    into; a type of the package whose name is declared twice differently (build tags);
    variadic parameters; results. Test files are in scope.

Why it is bad
    A lock works only where it lives. A method with a value receiver locks a copy of the mutex
    that no other goroutine ever sees, so it excludes nothing and races with the methods that
    lock the original; the copy is made while another goroutine may hold or change the lock,
    so it can even start out locked. A ``WaitGroup`` passed by value gets its ``Done`` called
    on the copy: the caller's ``Wait`` never returns.

Example
    func (c Counter) Value() int {
        c.mu.Lock()
        defer c.mu.Unlock()
        return c.n
    }

    func worker(id int, wg sync.WaitGroup) {
        defer wg.Done()
        ...
    }
    go worker(i, wg)

Fixed
    func (c *Counter) Value() int {
        c.mu.Lock()
        defer c.mu.Unlock()
        return c.n
    }

    func worker(id int, wg *sync.WaitGroup) {
        defer wg.Done()
        ...
    }
    go worker(i, &wg)

Fix safety
    Unsafe: the receiver becomes ``*T``: the method now works on the caller's value, and ``T``
    values (not pointers) lose it from their method set, so a ``T`` stored in an interface
    no longer satisfies it (a compile error that verification catches within the package,
    but not in importers). So an exported method of an exported type gets no fix: other
    packages may call it on values that cannot be addressed or keep ``T`` values in
    interfaces, and verification builds only the fixed package. No fix when the method writes through the
    receiver, takes an address inside it or uses it whole (the write would now reach the
    caller), when it is one of the methods values satisfy interfaces with at run time
    (``String``, ``Error``, ``Format``, ``MarshalJSON``…, ``Value`` of ``driver.Valuer``:
    ``fmt.Print(t)`` would silently stop calling it), or when the package calls a method of
    that name on a composite literal, a call's result, or a map element while ``T`` is a map
    value type (not addressable).
    A parameter becomes ``*T`` only in an unexported top-level, non-generic function whose
    every use is a call in this file (none in the package's other files) with an argument that
    can be addressed: ``x`` and ``s.f`` become ``&x`` and ``&s.f``, ``T{..}`` becomes ``&T{..}``,
    ``*p`` becomes ``p``; the declaration must name one parameter, and the function must only
    read through it (as above). Otherwise the parameter is reported without a fix: its callers
    may be in other packages, or need more than an ``&``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import files, lexical, syntax
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.analysis.siblings import PackageView, Sibling, package_name
from gofixer.rule import FileContext, Rule

# What go vet's copylocks treats as a lock: sync's types (each holds a Mutex or a noCopy) and
# sync/atomic's typed values (noCopy). atomic.Value is not one.
LOCK_TYPES = {
    "sync": frozenset({"Mutex", "RWMutex", "WaitGroup", "Once", "Cond", "Map", "Pool"}),
    "sync/atomic": frozenset({"Bool", "Int32", "Int64", "Uint32", "Uint64", "Uintptr", "Pointer"}),
}

# Methods that values satisfy interfaces with at run time (fmt, errors, encoding/…, database/sql):
# a value T stops having them once the receiver is *T, and nothing fails to compile.
_DYNAMIC_METHODS = frozenset(
    {
        "String", "GoString", "Format", "Error", "Unwrap", "Is", "As", "MarshalJSON", "MarshalText",
        "MarshalBinary", "MarshalXML", "MarshalYAML", "GobEncode", "AppendText",
        "AppendBinary", "LogValue",
    }
)  # fmt: skip


@dataclass
class _Decl:
    """A package-level type declaration, with the file it lives in (for its imports)."""

    type: Node  # the type expression
    params: frozenset[bytes]  # type parameter names
    data: bytes
    imports: dict[str, str]
    is_alias: bool


class _Types:
    """The package's type declarations and which of them contain a lock (by value)."""

    def __init__(self, declarers: Callable[[bytes], list] | None = None) -> None:
        self.decls: dict[bytes, list[_Decl]] = {}
        self.pointer_lockers: set[bytes] = set()  # types with a `func (*T) Lock()` (noCopy)
        self._memo: dict[bytes, str | None] = {}
        # name -> the sibling files that may declare it; a sibling is parsed only once a name it
        # may declare is looked up
        self._declarers = declarers or (lambda name: [])
        self._loaded: set[str] = set()

    def _load(self, name: bytes) -> None:
        for s in self._declarers(name):
            if s.path not in self._loaded:
                self._loaded.add(s.path)
                root = s.tree.root_node
                self.add_file(root, s.source.data, files.import_names(root, s.source.data))

    def add_file(self, root: Node, data: bytes, imports: dict[str, str]) -> None:
        for d in root.named_children:
            if d.type == "type_declaration":
                for spec in syntax.named(d):
                    if spec.type not in ("type_spec", "type_alias"):
                        continue
                    name = spec.child_by_field_name("name")
                    typ = spec.child_by_field_name("type")
                    if name is None or typ is None:
                        continue
                    tps = spec.child_by_field_name("type_parameters")
                    params = frozenset(
                        data[n.start_byte : n.end_byte]
                        for p in syntax.named(tps)
                        for n in p.children_by_field_name("name")
                    )
                    self.decls.setdefault(data[name.start_byte : name.end_byte], []).append(
                        _Decl(typ, params, data, imports, spec.type == "type_alias")
                    )
            elif d.type == "method_declaration":
                name = d.child_by_field_name("name")
                params = syntax.named(d.child_by_field_name("parameters"))
                if name is None or data[name.start_byte : name.end_byte] != b"Lock" or params:
                    continue
                recv = syntax.named(d.child_by_field_name("receiver"))
                if len(recv) == 1:
                    t = recv[0].child_by_field_name("type")
                    if t is not None and t.type == "pointer_type":
                        inner = syntax.named(t)
                        if inner and inner[0].type == "type_identifier":
                            self.pointer_lockers.add(data[inner[0].start_byte : inner[0].end_byte])

    def named_lock(self, name: bytes) -> str | None:
        """The lock a package type ``name`` holds, as ``sync.Mutex`` or ``sync.Mutex (field mu)``;
        None when it holds none or when that cannot be told (declared twice, differently)."""
        if name in self._memo:
            return self._memo[name]
        self._load(name)
        self._memo[name] = None  # cycles (through arrays of itself cannot compile) end here
        decls = self.decls.get(name, [])
        found: str | None = None
        if name in self.pointer_lockers:
            found = f"{name.decode('utf-8', 'replace')} (it has a pointer Lock method)"
        elif decls:
            paths = [self.lock_in(d.type, d.data, d.imports, d.params) for d in decls]
            if all(p is not None for p in paths):
                found = paths[0]
        self._memo[name] = found
        return found

    def lock_in(self, t: Node | None, data: bytes, imports: dict[str, str], params: frozenset[bytes]) -> str | None:
        """The lock a type expression holds by value, described; None if none (or unknown)."""
        while t is not None and t.type in ("parenthesized_type", "type_elem"):
            inner = syntax.named(t)
            t = inner[0] if len(inner) == 1 else None
        if t is None:
            return None
        if t.type == "qualified_type":
            pkg = t.child_by_field_name("package")
            nm = t.child_by_field_name("name")
            if pkg is None or nm is None:
                return None
            p = data[pkg.start_byte : pkg.end_byte].decode("utf-8", "replace")
            n = data[nm.start_byte : nm.end_byte].decode("utf-8", "replace")
            for path, names in LOCK_TYPES.items():
                if imports.get(path) == p and n in names:
                    return f"{path}.{n}"
            return None
        if t.type == "generic_type":
            base = t.child_by_field_name("type")
            if base is not None and base.type == "qualified_type":
                return self.lock_in(base, data, imports, params)  # atomic.Pointer[T]
            if base is None or base.type != "type_identifier":
                return None
            return self.named_lock(data[base.start_byte : base.end_byte])
        if t.type == "type_identifier":
            n = data[t.start_byte : t.end_byte]
            if n in params:
                return None  # a type parameter: whatever it is instantiated with is not known here
            self._load(n)
            if n in self.decls or n in self.pointer_lockers:
                return self.named_lock(n)
            for path, names in LOCK_TYPES.items():
                if imports.get(path) == "." and n.decode("utf-8", "replace") in names:
                    return f"{path}.{n.decode()}"
            return None
        if t.type == "array_type":
            return self.lock_in(t.child_by_field_name("element"), data, imports, params)
        if t.type == "struct_type":
            fields = next((c for c in t.named_children if c.type == "field_declaration_list"), None)
            for f in syntax.named(fields):
                if f.type != "field_declaration":
                    continue
                if any(c.type == "*" for c in f.children):
                    continue  # embedded *T
                ft = f.child_by_field_name("type")
                inner = self.lock_in(ft, data, imports, params)
                if inner is None:
                    continue
                names = f.children_by_field_name("name")
                fname = data[names[0].start_byte : names[0].end_byte] if names else _embedded_name(ft, data)
                where = fname.decode("utf-8", "replace")
                if " (field " in inner:
                    lock, rest = inner.split(" (field ", 1)
                    return f"{lock} (field {where}.{rest}"
                if " (it has" in inner:
                    return f"{inner.split(' (', 1)[0]} (field {where})"
                return f"{inner} (field {where})"
            return None
        return None  # pointers, slices, maps, channels, functions, interfaces


def _holds(lock: str) -> str:
    if " (it has" in lock and " (field " not in lock:
        return "is a lock" + lock[lock.index(" (") :]
    return "contains " + lock


# ``type Name …``, or ``\tName …`` inside a ``type ( … )`` group (also matches fields and grouped
# vars: harmless, such a file is parsed for nothing): every name a file may declare, found once
_DECLARABLE = re.compile(rb"(?m)(?:^type[ \t]+|^\t)([A-Za-z_][A-Za-z0-9_]*)[ \t\[]")


def _declarable_names(data: bytes) -> frozenset[bytes]:
    return frozenset(_DECLARABLE.findall(data))


def _declarers(ctx: FileContext, siblings: list, holders: frozenset[bytes]) -> Callable[[bytes], list]:
    """Name -> the siblings of this file that may declare it, in the order they were first seen
    (that order lives as long as the package state and grows as files are checked: a file's
    siblings exclude the file itself, so each check adds the files it has not seen yet).

    A sibling that names none of ``holders`` is left out, so it is never parsed: it declares no
    holder and has no ``func (*T) Lock()`` (its T would be one), so what it adds to ``_Types``
    (declarations of names that cannot hold a lock) changes no answer."""
    order: list = ctx.package.memo("GF405 indexed order", list)
    indexed: set = ctx.package.memo("GF405 indexed", set)
    for s in siblings:
        if s.path not in indexed:
            indexed.add(s.path)
            if b"type" in s.source.data:
                order.append(s)
    mine = {s.path for s in siblings}
    package = ctx.package

    def names_a_holder(s: Sibling) -> bool:
        return any(h in s.source.data for h in holders)

    relevant = [
        (s, package.sibling_fact("GF405 declarable", s, lambda s: _declarable_names(s.source.data)))
        for s in order
        if s.path in mine and package.sibling_fact(("GF405 relevant", holders), s, names_a_holder)
    ]
    found: dict[bytes, list] = {}

    def declarers(name: bytes) -> list:
        if name not in found:
            found[name] = [s for s, names in relevant if name in names]
        return found[name]

    return declarers


def _embedded_name(t: Node | None, data: bytes) -> bytes:
    if t is None:
        return b"?"
    if t.type == "generic_type":
        t = t.child_by_field_name("type") or t
    if t.type == "qualified_type":
        t = t.child_by_field_name("name") or t
    return data[t.start_byte : t.end_byte]


def _package_mentions_locks(data: bytes) -> bool:
    return b'"sync' in data or b"Lock()" in data


# ---------------------------------------------------------------------------------------------
# The prefilter: which of the package's types may hold a lock, read from the files' bytes
# ---------------------------------------------------------------------------------------------
#
# A finding needs a value receiver or parameter whose type ``lock_in`` resolves to a lock. Its
# type is written in the file, so the file either names a sync/atomic lock type (and imports
# sync or sync/atomic: the rule resolves ``sync.Mutex`` through the file's imports) or names a
# type of the package that holds one. ``_holders_of`` over-approximates the latter from bytes:
# it reads each type declaration of the package's files as Go's grammar does (comments and
# literals blanked) and keeps the type names in the positions ``lock_in`` looks at (struct
# fields, embedded types, array elements, parentheses, a generic type's base), then closes the
# set over them starting from the declarations that name a lock type and the ``func (*T) Lock()``
# receivers. A name stays out only when no declaration of it (in any file of the package) can
# reach a lock: ``named_lock`` then returns None for it whatever files are loaded.

_ID = rb"[A-Za-z_\x80-\xff][\w\x80-\xff]*"  # an identifier; Go's non-ASCII letters are UTF-8
_IDENT = re.compile(_ID)
_SPACE = re.compile(rb"[ \t\r]*")  # blanks that do not end a line
_BLANK = re.compile(rb"[ \t\r\n]*")
_BRACKET = re.compile(rb"[][(){}]")
_TYPE_KEYWORD = re.compile(rb"type(?![\w\x80-\xff])")  # the byte before is checked by hand (fast)
_WORD_BYTES = lexical.WORD_BYTES

# Comments and string and rune literals, blanked before reading declarations. Each becomes a
# newline: a comment that spans lines must (Go reads it as one), and a newline anywhere else only
# makes the reader stop sooner, which it reads as a new field (more names) or as unreadable.
_NOISE = lexical.NOT_CODE


# ``func (r *T) Lock(``: the method ``add_file`` records as a pointer Lock (blanked text; looser
# than the rule: any receiver without parentheses, any parameters)
_POINTER_LOCK = re.compile(rb"func[ \t\r\n]*\(([^()]*)\)[ \t\r\n]*Lock[ \t\r\n]*\(")
_POINTER_NAME = re.compile(rb"\*[ \t\r\n]*(" + _ID + rb")")
# the same on the file's bytes, comments allowed around ``Lock``: a file without it has no such
# method (tree-sitter takes ``) // c`` + newline + ``Lock(`` for one too)
_RAW_POINTER_LOCK = re.compile(rb"\)(?:[ \t\r\n]|//[^\n]*|/\*.*?\*/)*Lock(?:[ \t\r\n]|//[^\n]*|/\*.*?\*/)*\(", re.S)

# An import of sync or sync/atomic: the quoted path on a line that reads like an import spec
# (after ``import``, ``import (``, an import name, or nothing), or on any line that also holds
# ``import``, ``;`` or the end of a comment (unusual layouts: taken as imports, to be safe).
_QUOTED_LOCK_PATH = re.compile(rb'sync(?:/atomic)?(?=["`])')  # the opening quote is checked by hand (fast)
_IMPORT_PREFIX = re.compile(rb"[ \t\r]*(?:import[ \t\r]*\(?[ \t\r]*)?(?:[\w.\x80-\xff]+[ \t\r]+)?$|.*(?:import|;|\*/)")
_LOCK_WORDS = {path: frozenset(n.encode() for n in names) for path, names in LOCK_TYPES.items()}
_LOCK_WORD_RE = {
    path: re.compile(rb"\b(?:" + b"|".join(sorted(words)) + rb")\b") for path, words in _LOCK_WORDS.items()
}


class _Unreadable(Exception):
    """The blanked text is not the Go the reader expects (a syntax error, or a layout it does not
    know): the caller assumes the worst for the file."""


class _TypeReader:
    """The type declarations of a file's blanked text, read as Go's grammar reads them, each as
    (name, the type names it holds by value, the qualified names it holds by value).

    "Holds" follows ``lock_in``: struct fields and embedded fields, array elements, parentheses,
    the base of a generic type. Pointers, slices, maps, channels, functions and interfaces hold
    nothing. Where a newline ends a field or a spec (Go inserts a semicolon after a name or a
    closing bracket), the reader stops at it; anything it does not expect raises _Unreadable.
    Local type declarations (in function bodies) are read too: the rule ignores them, so they
    only add names.
    """

    def __init__(self, text: bytes) -> None:
        self.s = text
        self.specs: list[tuple[bytes, frozenset[bytes], frozenset[bytes]]] = []
        self._words: set[bytes] = set()
        self._quals: set[bytes] = set()

    def read(self) -> list[tuple[bytes, frozenset[bytes], frozenset[bytes]]]:
        s = self.s
        for m in _TYPE_KEYWORD.finditer(s):
            if m.start() and s[m.start() - 1] in _WORD_BYTES:
                continue  # the end of a longer name
            i = self._blank(m.end())
            if self._at(i) == b")":
                continue  # x.(type): a type switch
            if self._at(i) != b"(":
                self._ends(self.spec(i), (b";", b"\n", b"}", b""))
                continue
            i += 1
            while True:  # type ( ... )
                i = self._blank(i)
                if self._at(i) == b";":
                    i += 1
                elif self._at(i) == b")":
                    break
                else:
                    i = self._ends(self.spec(i), (b";", b"\n", b")"))
        return self.specs

    def spec(self, i: int) -> int:
        """One ``Name [TypeParams] [=] Type``; returns where it ends."""
        m = self._ident(i)
        self._words, self._quals = set(), set()
        j = self._space(m.end())
        if self._at(j) == b"[" and self._at(self._blank(j + 1)) != b"]":
            # type parameters, or an array's length: either way what follows is held
            j = self._space(self._close(j))
        if self._at(j) == b"=":
            j = self._blank(j + 1)
        end = self.type(j, True)
        self.specs.append((m.group(), frozenset(self._words), frozenset(self._quals)))
        return end

    def type(self, i: int, held: bool) -> int:
        """Reads the type at i; returns where it ends. held: whether a value of this type is held
        by value by the declared type (only then do the names in it count)."""
        c = self._at(i)
        if c == b"(":
            return self._ends(self.type(self._blank(i + 1), held), (b")",)) + 1
        if c == b"*":
            return self.type(self._blank(i + 1), False)
        if c == b"[":
            if self._at(self._blank(i + 1)) == b"]":  # a slice
                return self.type(self._blank(self._close(i)), False)
            return self.type(self._blank(self._close(i)), held)  # an array holds its elements
        if c == b"<":  # <-chan T
            m = self._ident(self._blank(i + 2))
            if self.s[i : i + 2] != b"<-" or m.group() != b"chan":
                raise _Unreadable
            return self.type(self._blank(m.end()), False)
        m = self._ident(i)
        word = m.group()
        j = self._blank(m.end())
        if word in (b"struct", b"interface", b"map", b"func"):
            if self._at(j) != (b"{" if word in (b"struct", b"interface") else b"[" if word == b"map" else b"("):
                raise _Unreadable
            if word == b"struct":
                return self.fields(j + 1, held)
            if word == b"interface":
                return self._close(j)
            if word == b"map":
                return self.type(self._blank(self._close(j)), False)
            return self._result(self._close(j))
        if word == b"chan":
            if self.s.startswith(b"<-", j):
                j = self._blank(j + 2)
            return self.type(j, False)
        end = m.end()  # a type name, maybe qualified, maybe with type arguments
        k = self._space(end)
        if self._at(k) == b".":
            q = self._ident(self._blank(k + 1))
            if held:
                self._quals.add(q.group())
            end = q.end()
        elif held:
            self._words.add(word)
        k = self._space(end)
        return self._close(k) if self._at(k) == b"[" else end

    def fields(self, i: int, held: bool) -> int:
        """A struct's fields, from just after its ``{``; returns the index after its ``}``."""
        while True:
            i = self._blank(i)
            c = self._at(i)
            if c == b";":
                i += 1
                continue
            if c == b"}":
                return i + 1
            if c == b"*":  # an embedded pointer
                i = self.type(i, held)
            else:
                m = self._ident(i)
                j = self._space(m.end())
                c = self._at(j)
                if c == b".":  # an embedded qualified type
                    i = self.type(i, held)
                elif c == b",":  # field names, then their type
                    while self._at(j) == b",":
                        j = self._space(self._ident(self._blank(j + 1)).end())
                    i = self.type(j, held)
                elif c == b"[":  # T[A] embedded, or a field T of an array or slice type
                    end = self._close(j)
                    if self._at(self._space(end)) in (b";", b"\n", b"}"):
                        if held:
                            self._words.add(m.group())
                        i = end
                    else:
                        i = self.type(j, held)
                elif c in (b";", b"\n", b"}"):  # an embedded type
                    if held:
                        self._words.add(m.group())
                    i = j
                else:
                    i = self.type(j, held)
            i = self._ends(i, (b";", b"\n", b"}"))  # (a tag was blanked)

    def _result(self, i: int) -> int:
        """After a signature's parameters: the end of its result, if one follows on the line."""
        j = self._space(i)
        c = self._at(j)
        if c == b"(":
            return self._close(j)
        if c in (b"*", b"[", b"<") or _IDENT.match(self.s, j):
            return self.type(j, False)
        return i

    def _ends(self, i: int, enders: tuple[bytes, ...]) -> int:
        """i, past blanks on the line, must be at one of ``enders`` (b"" for the end of the text)."""
        i = self._space(i)
        if self._at(i) not in enders:
            raise _Unreadable
        return i

    def _close(self, i: int) -> int:
        """The index after the bracket that closes the one at i."""
        depth = 0
        for m in _BRACKET.finditer(self.s, i):
            if m.group() in b"([{":
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    return m.end()
        raise _Unreadable

    def _ident(self, i: int) -> re.Match[bytes]:
        m = _IDENT.match(self.s, i)
        if m is None:
            raise _Unreadable
        return m

    def _at(self, i: int) -> bytes:
        return self.s[i : i + 1]

    def _blank(self, i: int) -> int:
        return _BLANK.match(self.s, i).end()  # type: ignore[union-attr]

    def _space(self, i: int) -> int:
        return _SPACE.match(self.s, i).end()  # type: ignore[union-attr]


@dataclass(frozen=True)
class _Facts:
    """What one file's bytes say about the lock holders of its package."""

    specs: tuple[tuple[bytes, frozenset[bytes]], ...]  # (declared name, package type names it holds)
    seeds: frozenset[bytes]  # names that hold a lock themselves: a lock type, or a pointer Lock
    words: frozenset[bytes] | None = None  # an unreadable file: every word of it may be a holder


_NO_FACTS = _Facts((), frozenset())


def _lock_paths(data: bytes) -> frozenset[str]:
    """Which of sync and sync/atomic the file may import (a superset of what import_names finds)."""
    if b'"sync' not in data and b"`sync" not in data:
        return frozenset()
    paths = set()
    for m in _QUOTED_LOCK_PATH.finditer(data):
        start = m.start() - 1
        if start >= 0 and data[start] in b'"`' and _IMPORT_PREFIX.match(data, data.rfind(b"\n", 0, start) + 1, start):
            paths.add(m.group().decode())
    return frozenset(paths)


def _may_seed(data: bytes) -> bool:
    """Can the file hold a seed: import a lock type, or have a ``func (*T) Lock()``?"""
    return bool(_lock_paths(data) or (b"Lock" in data and _RAW_POINTER_LOCK.search(data)))


def _file_facts(data: bytes) -> _Facts:
    if b"type" not in data and b"Lock" not in data:
        return _NO_FACTS  # no declaration and no Lock method
    text = _NOISE.sub(b"\n", data)
    seeds: set[bytes] = set()
    if b"Lock" in text:
        seeds = {n for m in _POINTER_LOCK.finditer(text) for n in _POINTER_NAME.findall(m.group(1))}
    locks = frozenset().union(*(_LOCK_WORDS[p] for p in _lock_paths(data)))
    try:
        specs = _TypeReader(text).read() if b"type" in text else []
    except _Unreadable:
        words = frozenset(_IDENT.findall(text))
        return _Facts((), words if seeds or locks & words else frozenset(), words)
    seeds.update(name for name, words, quals in specs if locks & (words | quals))
    return _Facts(tuple((name, words) for name, words, _ in specs), frozenset(seeds))


def _holders_of(files: list[tuple[bytes, Callable[[], _Facts]]]) -> frozenset[bytes]:
    """The names of the files' types that may hold a lock (files: each one's bytes, and its facts
    on demand: only files that may start or continue a chain of holders are read)."""
    found: set[bytes] = set()
    todo: list[bytes] = []

    def add(names) -> None:
        for n in names:
            if n not in found:
                found.add(n)
                todo.append(n)

    for data, facts in files:
        if _may_seed(data):
            add(facts().seeds)
    while todo:
        held = todo.pop()
        for data, facts in files:
            if held in data and _has_word(data, held):  # a declaration that holds it names it
                f = facts()
                if f.words is not None:
                    add(f.words)
                add(name for name, words in f.specs if held in words and name not in found)
    return frozenset(found)


def _lazy(compute: Callable[[], _Facts]) -> Callable[[], _Facts]:
    """``compute``, run on the first call only (the checked file's facts, read only if needed)."""
    cell: list[_Facts] = []

    def get() -> _Facts:
        if not cell:
            cell.append(compute())
        return cell[0]

    return get


def _sibling_facts(package: PackageView, s: Sibling) -> Callable[[], _Facts]:
    """A sibling's facts on demand, read once per package state."""
    return lambda: package.sibling_fact("GF405 facts", s, lambda s: _file_facts(s.source.data))


def _holders(package: PackageView, own: str | None, data: bytes, siblings: Callable[[], list[Sibling]]) -> frozenset[bytes]:
    """The names of the package's types, as its siblings on disk and ``data`` (this file) declare
    them, that may hold a lock (``siblings``: this file's, asked for only when needed).

    Computed once per package state, by the first file checked, over its siblings and its own
    bytes, and shared with every file whose bytes are one of those (a batch run), once a second
    file has seen the first on disk (a file's siblings leave it out) and found it the same.
    Otherwise (the language server may hold an edited buffer) it is computed for this file.
    """
    state = package.memo(("GF405 holders", own), dict)
    if not state:
        mine = siblings()
        state.update(files={s.path: s for s in mine}, owner=data, verified=False)
        _share_holders(state, package, [s.source.data for s in mine] + [data], [*mine, None])
    elif not state["verified"]:
        files, mine = state["files"], siblings()
        new = [s for s in mine if s.path not in files]
        if new:  # the first file as it is on disk
            if new[0].source.data != state["owner"]:
                everything = [*files.values(), *new]
                _share_holders(state, package, [s.source.data for s in everything], everything)
            state["verified"] = True
        elif len(mine) < len(files):  # the first file is not on disk: it only added names
            state["verified"] = True
    if data in state["contents"]:
        return state["names"]
    files = [(s.source.data, _sibling_facts(package, s)) for s in siblings()]
    return _holders_of([*files, (data, _lazy(lambda: _file_facts(data)))])


def _share_holders(state: dict, package: PackageView, datas: list[bytes], files: list[Sibling | None]) -> None:
    """Holders over ``datas``, each the bytes of ``files``' file (None: the checked file's)."""

    def facts(d: bytes, s: Sibling | None) -> Callable[[], _Facts]:
        return _sibling_facts(package, s) if s is not None else _lazy(lambda: _file_facts(d))

    state["names"] = _holders_of([(d, facts(d, s)) for d, s in zip(datas, files)])
    state["contents"] = frozenset(datas)


def _has_word(data: bytes, word: bytes) -> bool:
    """Is ``word`` in ``data`` as a whole identifier (no identifier byte, UTF-8 included, on
    either side)?"""
    return next(lexical.word_offsets(data, word), None) is not None


def _package_may_lock(package: PackageView, data: bytes, own: str | None) -> bool:
    """Does this file or a sibling of its package (``own``, exactly) mention locks at all?
    (``check`` stops early when none does.) The package's files are searched once per
    directory state, and each file then only asks whether one of them is another file."""
    if _package_mentions_locks(data):
        return True
    mentioning = package.package_memo(
        ("GF405 mentions locks", own),
        lambda files: frozenset(s.path for s in files if s.package == own and _package_mentions_locks(s.source.data)),
    )
    return any(p != package.path for p in mentioning)


# The type of a finding's receiver or parameter is written in the signature of one of the file's
# functions, and is not a pointer: so one of the names above must appear in a receiver or
# parameter list, not right after a ``*`` (``*T``, ``*sync.Mutex``). Three files in four that name
# a holder use it only through pointers, or outside any signature (``var x T``, a field).

# (each led by the literal, which the regular expression engine searches for fast, and then
# looking behind it: a pattern that starts with a look-behind is tried at every byte)
_FUNC_KEYWORD = re.compile(rb"func(?<![\w\x80-\xff]func)(?![\w\x80-\xff])")
# the usual shape: ``func`` [``(`` receiver ``)``] [name] [``[`` type parameters ``]``] ``(``
# parameters ``)``, the parameters with at most one level of parentheses inside (``cb
# func(int) error``); anything else is read paren by paren
_SIMPLE_SIGNATURE = re.compile(
    rb"func(?<![\w\x80-\xff]func)(?![\w\x80-\xff])[ \t\r\n]*(?:\(([^()]*)\)[ \t\r\n]*)?(?:"
    + _ID
    + rb"[ \t\r\n]*)?(?:\[[^][()]*\][ \t\r\n]*)?\(((?:[^()]|\([^()]*\))*)\)"
)
_SIGNATURE_STOP = re.compile(rb"[][(){}\n,;]")
_MAY_BE_NOT_CODE = re.compile(rb"[/\"'`]")  # where a comment or a literal may start


def _in_a_signature_by_value(data: bytes, words: frozenset[bytes]) -> bool:
    """Does one of ``words`` appear in a ``func``'s receiver or parameter list (results too, for
    simplicity), not as the pointed-to type of a ``*``?

    Most files have only the usual signatures, with no comment or literal inside them: their
    lists are read from the bytes by one regular expression. Otherwise comments and literals are
    blanked, so that a parenthesis in them cannot end a list early, and the lists are read
    again: by the same expression, or paren by paren after each ``func``; a list the reader
    cannot close counts as naming everything."""
    lists = _usual_signature_lists(data)
    if lists is not None and not _MAY_BE_NOT_CODE.search(lists):
        return _names_by_value(lists, 0, len(lists), words)
    text = _NOISE.sub(b"\n", data)
    lists = _usual_signature_lists(text)
    if lists is not None:
        return _names_by_value(lists, 0, len(lists), words)
    for kw in _FUNC_KEYWORD.finditer(text):
        m = _SIMPLE_SIGNATURE.match(text, kw.start())
        if m is not None:
            spans = [m.span(1), m.span(2)]
        else:
            end = _signature_end(text, kw.end())
            if end is None:
                return True
            spans = [(kw.end(), end)]
        if any(start >= 0 and _names_by_value(text, start, end, words) for start, end in spans):
            return True
    return False


def _names_by_value(text: bytes, start: int, end: int, words: frozenset[bytes]) -> bool:
    """Is one of ``words`` an identifier of ``text[start:end]`` not right after a ``*``?"""
    if words.isdisjoint(_IDENT.findall(text, start, end)):
        return False
    return any(m.group() in words and not _after_star(text, m.start()) for m in _IDENT.finditer(text, start, end))


def _usual_signature_lists(text: bytes) -> bytes | None:
    """Every receiver and parameter list of the text, joined with NUL bytes (which no list
    holds, and across which neither a ``*`` nor a qualifier is read), when each ``func`` starts
    the usual shape or lies in such a list (``cb func(int)``, read with it); else None.

    (The shapes found do not overlap and each starts at a ``func``, so the counts add up only
    when every ``func`` is one of them or inside one's lists. Read from a file's own bytes, a
    ``func`` in a comment or a literal must be one of them too, and the lists must hold no
    comment or literal, which the caller checks: then the lists are the file's.)"""
    found = list(_SIMPLE_SIGNATURE.finditer(text))
    lists = b"\0".join([b"\0".join((m.group(1) or b"", m.group(2))) for m in found])
    inside = len(_FUNC_KEYWORD.findall(lists)) if b"func" in lists else 0
    if len(found) + inside != len(_FUNC_KEYWORD.findall(text)):
        return None
    return lists


def _signature_end(text: bytes, start: int) -> int | None:
    """Where the signature after a ``func`` keyword at ``start`` ends: the first ``{``, ``}``,
    ``,``, ``;`` or line end outside its parentheses and brackets (a newline right after
    ``func`` aside), or a ``)`` or ``]`` closing one opened before it. None when the text ends
    first."""
    depth = 0
    for m in _SIGNATURE_STOP.finditer(text, start):
        c = text[m.start()]
        if c in b"([":
            depth += 1
        elif c in b")]":
            depth -= 1
            if depth < 0:
                return m.start()
        elif depth == 0 and not (c == 0x0A and not text[start : m.start()].strip()):
            return m.start()
    return None


def _after_star(text: bytes, i: int) -> bool:
    """Is the type name at ``i`` (qualified or not: ``T``, ``sync.Mutex``) right after a ``*``?"""
    j = _back_over_blanks(text, i)
    if j > 0 and text[j - 1] == 0x2E:  # a qualifier: sync.Mutex
        j = _back_over_blanks(text, j - 1)
        while j > 0 and text[j - 1] in _WORD_BYTES:
            j -= 1
        j = _back_over_blanks(text, j)
    return j > 0 and text[j - 1] == 0x2A  # *


def _back_over_blanks(text: bytes, j: int) -> int:
    while j > 0 and text[j - 1] in b" \t\r\n":
        j -= 1
    return j


# ---------------------------------------------------------------------------------------------
# Uses of a receiver/parameter inside its function
# ---------------------------------------------------------------------------------------------


def _only_read_through(body: Node | None, name: bytes, data: bytes) -> bool:
    """Is ``name`` used in ``body`` only as ``name.X`` (a field read or a method call), never
    assigned through (``name.x = ..``, ``name.x++``), addressed (``&name.x``) or used whole?"""
    if body is None:
        return True
    for n in syntax.walk(body):
        if n.type == "identifier" and data[n.start_byte : n.end_byte] == name:
            p = n.parent
            if p is None or p.type != "selector_expression" or p.child_by_field_name("operand") != n:
                return False
            # climb selectors and index expressions: the place this use denotes
            top = p
            while top.parent is not None and (
                (top.parent.type == "selector_expression" and top.parent.child_by_field_name("operand") == top)
                or (top.parent.type == "index_expression" and top.parent.child_by_field_name("operand") == top)
            ):
                top = top.parent
            q = top.parent
            if q is None:
                continue
            if q.type in ("inc_statement", "dec_statement"):
                return False
            if q.type == "unary_expression" and q.child_by_field_name("operator") is not None and q.child_by_field_name("operator").type == "&":
                return False
            if q.type == "expression_list" and q.parent is not None and q.parent.type in ("assignment_statement",):
                left = q.parent.child_by_field_name("left")
                if left is not None and left.id == q.id:
                    return False
        elif n.type in ("short_var_declaration", "var_spec", "parameter_declaration") and _declares(n, name, data):
            return False  # shadowed somewhere: do not try to follow it
    return True


def _declares(n: Node, name: bytes, data: bytes) -> bool:
    if n.type == "short_var_declaration":
        left = n.child_by_field_name("left")
        return any(c.type == "identifier" and data[c.start_byte : c.end_byte] == name for c in syntax.named(left))
    return any(data[c.start_byte : c.end_byte] == name for c in n.children_by_field_name("name"))


# ---------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------


class LockCopied(Rule):
    code = "GF405"
    name = "lock-copied"
    summary = "a value receiver or parameter of a type that contains a sync.Mutex, RWMutex, WaitGroup, Once or Cond: the lock is copied"
    fix_class = FixClass.UNSAFE
    # a finding is in a function: its receiver or a parameter
    requires = (b"func",)

    def applies_in(self, data: bytes, package: PackageView) -> bool:
        """A superset of the files ``check`` reports on: the package mentions locks (else
        ``check`` stops at once), and the file names a lock type of sync or sync/atomic, which
        it imports, or a type of the package that may hold a lock (``_holders``, for this file's
        bytes and its siblings'), in a receiver or parameter list and not behind a ``*``
        (``_in_a_signature_by_value``). A finding's type is written there and resolves to a
        lock only through one of those (``lock_in``)."""
        own = package_name(data)

        def siblings() -> list[Sibling]:
            return [s for s in package.siblings() if s.package == own]

        holders = _holders(package, own, data, siblings)
        imported = _lock_paths(data)
        # a value of a lock type, ``sync.Mutex`` or a dot-imported ``Mutex``, needs both the import
        # and the name
        names_a_lock = any(_LOCK_WORD_RE[p].search(data) for p in imported)
        if not names_a_lock and not any(_has_word(data, n) for n in holders):
            return False  # (asked first: most packages have no holder, and then it costs nothing per file)
        if not _package_may_lock(package, data, own):
            return False
        words = holders.union(*(_LOCK_WORDS[p] for p in imported)) if names_a_lock else holders
        return _in_a_signature_by_value(data, words)

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        own = package_name(data)
        siblings = [s for s in ctx.package.siblings() if s.package == own]
        if not _package_may_lock(ctx.package, data, own):
            return
        holders = _holders(ctx.package, own, data, lambda: siblings)
        types = _Types(_declarers(ctx, siblings, holders))
        types.add_file(ctx.root, data, ctx.imports)
        for func in lexical.functions(ctx.root, data):
            if func.type == "method_declaration":
                recv = syntax.named(func.child_by_field_name("receiver"))
                if len(recv) == 1 and recv[0].type == "parameter_declaration":
                    f = self._receiver(ctx, types, func, recv[0], siblings)
                    if f is not None:
                        yield f
            type_params = None  # the same for each parameter: worked out once
            for p in syntax.named(func.child_by_field_name("parameters")):
                if p.type == "parameter_declaration":
                    if type_params is None:
                        type_params = _type_params(func, data)
                    f = self._parameter(ctx, types, func, p, siblings, type_params)
                    if f is not None:
                        yield f

    # -- receivers -----------------------------------------------------------------------------

    def _receiver(self, ctx: FileContext, types: _Types, func: Node, decl: Node, siblings) -> Finding | None:
        t = decl.child_by_field_name("type")
        while t is not None and t.type == "parenthesized_type" and len(syntax.named(t)) == 1:
            t = syntax.named(t)[0]
        if t is None or t.type not in ("type_identifier", "generic_type"):
            return None
        base = t if t.type == "type_identifier" else t.child_by_field_name("type")
        if base is None or base.type != "type_identifier":
            return None
        tname = ctx.btext(base)
        lock = types.named_lock(tname)
        if lock is None:
            return None
        names = decl.children_by_field_name("name")
        rname = ctx.btext(names[0]) if names else b""
        mname = ctx.text(func.child_by_field_name("name"))
        type_text = ctx.text(t)
        message = (
            f"method {mname} has a value receiver of type {type_text}, which {_holds(lock)}: every call "
            "copies the lock, and locking the copy guards nothing"
        )
        fix = None
        if self._receiver_fixable(ctx, func, tname, rname, mname, siblings):
            fix = Fix(
                f"make the receiver a pointer (*{type_text}): {mname} then works on the caller's value, and "
                f"{type_text} values (not pointers) no longer have it in their method set",
                (Edit(t.start_byte, t.start_byte, b"*"),),
                Applicability.UNSAFE,
            )
        return self.finding(decl, message, fix)

    def _receiver_fixable(self, ctx, func, tname: bytes, rname: bytes, mname: str, siblings) -> bool:
        if mname in _DYNAMIC_METHODS:
            return False
        if mname[:1].isupper() and tname[:1].isupper():
            # other packages may call it on values that are not addressable or hold T in an
            # interface; verification checks only the fixed package, so it could not see them
            return False
        result = func.child_by_field_name("result")
        if mname == "Value" and result is not None and len(syntax.named(result)) == 2:
            return False  # driver.Valuer
        if rname not in (b"", b"_") and not _only_read_through(func.child_by_field_name("body"), rname, ctx.data):
            return False
        method = mname.encode()
        files = [(ctx.root, ctx.data)] + [(s.tree.root_node, s.source.data) for s in siblings if method in s.source.data]
        map_value = re_map_value(tname)
        for root, data in files:
            for n in syntax.walk(root):
                if n.type != "selector_expression":
                    continue
                fld = n.child_by_field_name("field")
                if fld is None or data[fld.start_byte : fld.end_byte] != method:
                    continue
                op = syntax.unparen(n.child_by_field_name("operand"))
                if op is None:
                    continue
                if op.type == "composite_literal":
                    return False  # T{}.M(): not addressable
                if op.type == "index_expression" and map_value.search(data):
                    return False  # m[k].M() on a map of T values: not addressable
                if op.type == "call_expression":
                    return False  # f().M(): maybe a T value, not addressable
        return True

    # -- parameters ----------------------------------------------------------------------------

    def _parameter(
        self, ctx: FileContext, types: _Types, func: Node, decl: Node, siblings, type_params: frozenset[bytes]
    ) -> Finding | None:
        t = decl.child_by_field_name("type")
        if t is None:
            return None
        lock = types.lock_in(t, ctx.data, ctx.imports, type_params)
        if lock is None:
            return None
        names = decl.children_by_field_name("name")
        pnames = ", ".join(ctx.text(n) for n in names) if names else "(unnamed)"
        type_text = ctx.text(t)
        if t.type == "qualified_type":
            message = (
                f"parameter {pnames} of type {type_text} is passed by value: each call copies the {lock}, and "
                "the callee locks, counts or waits on its own copy"
            )
        else:
            message = (
                f"parameter {pnames} of type {type_text}, which {_holds(lock)}, is passed by value: each call "
                "copies the lock, and locking the copy guards nothing"
            )
        fix = self._parameter_fix(ctx, func, decl, t, names, siblings)
        return self.finding(decl, message, fix)

    def _parameter_fix(self, ctx: FileContext, func: Node, decl: Node, t: Node, names: list[Node], siblings) -> Fix | None:
        data = ctx.data
        if func.type != "function_declaration" or len(names) != 1 or t.type not in ("type_identifier", "generic_type", "qualified_type"):
            return None
        fname_node = func.child_by_field_name("name")
        if fname_node is None or func.child_by_field_name("type_parameters") is not None:
            return None
        fname = ctx.btext(fname_node)
        if not fname[:1].islower() or fname in (b"main", b"init"):
            return None  # exported: callers elsewhere
        pname = ctx.btext(names[0])
        if pname == b"_" or not _only_read_through(func.child_by_field_name("body"), pname, data):
            return None
        if any(_mentions_word(s.source.data, fname) for s in siblings):
            return None
        params = [p for p in syntax.named(func.child_by_field_name("parameters")) if p.type != "comment"]
        if any(p.type == "variadic_parameter_declaration" for p in params):
            return None
        index = 0
        arity = 0
        for p in params:
            k = max(1, len(p.children_by_field_name("name")))
            if p.id == decl.id:
                index = arity
            arity += k
        edits = [Edit(t.start_byte, t.start_byte, b"*")]
        calls = 0
        for n in syntax.walk(ctx.root):
            if n.type != "identifier" or ctx.btext(n) != fname or n.id == fname_node.id:
                continue
            call = n.parent
            if call is None or call.type != "call_expression" or call.child_by_field_name("function") != n:
                return None  # used as a value
            top = syntax.top_function(call)
            if top is not None and syntax.declares_locally(top, fname.decode("utf-8", "replace"), data):
                return None
            args = syntax.named(call.child_by_field_name("arguments"))
            if len(args) != arity or any(c.type == "..." for c in call.child_by_field_name("arguments").children):
                return None
            a = args[index]
            e = _address_of(a, data)
            if e is None:
                return None
            edits.append(e)
            calls += 1
        pn = pname.decode("utf-8", "replace")
        sites = f" and take the argument's address at the {calls} call site{'s' if calls != 1 else ''}" if calls else ""
        return Fix(
            f"pass {pn} by pointer (*{ctx.text(t)}){sites}: "
            f"{fname.decode('utf-8', 'replace')} then shares the caller's value instead of a copy",
            tuple(edits),
            Applicability.UNSAFE,
        )


def _address_of(a: Node, data: bytes) -> Edit | None:
    """``x`` -> ``&x``, ``s.f`` -> ``&s.f``, ``T{..}`` -> ``&T{..}``, ``*p`` -> ``p``."""
    if a.type == "unary_expression":
        op = a.child_by_field_name("operator")
        arg = a.child_by_field_name("operand")
        if op is not None and op.type == "*" and arg is not None and arg.type in ("identifier", "selector_expression"):
            return Edit(a.start_byte, arg.start_byte, b"")
        return None
    if a.type == "identifier":
        if data[a.start_byte : a.end_byte] in (b"nil", b"_", b"true", b"false", b"iota"):
            return None
        return Edit(a.start_byte, a.start_byte, b"&")
    if a.type == "selector_expression":
        n = a
        while n.type == "selector_expression":
            n = n.child_by_field_name("operand")
        if n is None or n.type != "identifier":
            return None
        return Edit(a.start_byte, a.start_byte, b"&")
    if a.type == "composite_literal":
        return Edit(a.start_byte, a.start_byte, b"&")
    return None


def _type_params(func: Node, data: bytes) -> frozenset[bytes]:
    out = set()
    f = func
    while f is not None:
        tps = f.child_by_field_name("type_parameters") if f.type in ("function_declaration",) else None
        for p in syntax.named(tps):
            for n in p.children_by_field_name("name"):
                out.add(data[n.start_byte : n.end_byte])
        if f.type == "method_declaration":
            # func (b Box[T]) M(v T): T is the receiver's type parameter
            recv = syntax.named(f.child_by_field_name("receiver"))
            t = recv[0].child_by_field_name("type") if recv else None
            if t is not None and t.type == "pointer_type" and syntax.named(t):
                t = syntax.named(t)[0]
            if t is not None and t.type == "generic_type":
                for a in syntax.walk(t.child_by_field_name("type_arguments")):
                    if a.type == "type_identifier":
                        out.add(data[a.start_byte : a.end_byte])
        f = syntax.enclosing_function(f)
    return frozenset(out)


def _mentions_word(data: bytes, word: bytes) -> bool:
    return re.search(rb"\b" + re.escape(word) + rb"\b", data) is not None


def re_map_value(tname: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"map\[[^\n]*\]\s*" + re.escape(tname) + rb"\b")
