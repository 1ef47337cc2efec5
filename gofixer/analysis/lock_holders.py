"""Which of a package's types may hold a lock, read from the files' bytes before any is parsed.

A prefilter's question: can this file hold a receiver or parameter whose type holds a lock by
value (``may_pass_a_lock_by_value``)? Its type is written in the file, so the file either names
a sync/atomic lock type (and imports sync or sync/atomic) or names a type of the package that
holds one. The types that may hold one are over-approximated from the bytes of the package's
files (``holders``): each type declaration is read as Go's grammar reads it, with comments and
literals blanked, and the type names in the positions ``locks.HeldLocks`` looks at (struct
fields, embedded types, array elements, parentheses, a generic type's base) are kept; the set
is then closed over them, starting from the declarations that name a lock type and the
``func (*T) Lock()`` receivers. A name stays out only when no declaration of it (in any file
of the package) can reach a lock: ``HeldLocks.named_type`` then finds none for it either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from tree_sitter import Node

from . import lexical
from .locks import LOCK_TYPES
from .siblings import PackageView, Sibling, package_name

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


# ``func (r *T) Lock(``: the method ``locks.pointer_lockers`` takes for a pointer Lock (blanked
# text; looser: any receiver without parentheses, any parameters)
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

    "Holds" follows ``locks.HeldLocks.held_in``: struct fields and embedded fields, array
    elements, parentheses, the base of a generic type. Pointers, slices, maps, channels,
    functions and interfaces hold nothing. Where a newline ends a field or a spec (Go inserts a
    semicolon after a name or a closing bracket), the reader stops at it; anything it does not
    expect raises _Unreadable. Local type declarations (in function bodies) are read too:
    ``HeldLocks`` ignores them, so they only add names.
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
    return lambda: package.sibling_fact("lock holders: facts", s, lambda s: _file_facts(s.source.data))


def holders(package: PackageView, own: str | None, data: bytes, siblings: Callable[[], list[Sibling]]) -> frozenset[bytes]:
    """The names of the package's types, as its siblings on disk and ``data`` (this file) declare
    them, that may hold a lock (``siblings``: this file's, asked for only when needed).

    Computed once per package state, by the first file checked, over its siblings and its own
    bytes, and shared with every file whose bytes are one of those (a batch run), once a second
    file has seen the first on disk (a file's siblings leave it out) and found it the same.
    Otherwise (the language server may hold an edited buffer) it is computed for this file.
    """
    state = package.memo(("lock holders", own), dict)
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


def package_may_lock(package: PackageView, data: bytes, own: str | None) -> bool:
    """Does this file or a sibling of its package (``own``, exactly) mention locks at all?
    (A package that does not holds no lock.) The package's files are searched once per
    directory state, and each file then only asks whether one of them is another file."""
    if _package_mentions_locks(data):
        return True
    mentioning = package.package_memo(
        ("lock holders: mentions locks", own),
        lambda files: frozenset(s.path for s in files if s.package == own and _package_mentions_locks(s.source.data)),
    )
    return any(p != package.path for p in mentioning)


# The type of a receiver or parameter that holds a lock by value is written in the signature of
# one of the file's functions, and is not a pointer: so one of the names above must appear in a
# receiver or parameter list, not right after a ``*`` (``*T``, ``*sync.Mutex``). Three files in
# four that name a holder use it only through pointers, or outside any signature (``var x T``,
# a field).

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


def _package_mentions_locks(data: bytes) -> bool:
    return b'"sync' in data or b"Lock()" in data


def may_pass_a_lock_by_value(data: bytes, package: PackageView) -> bool:
    """Can the file hold a receiver or parameter whose type holds a lock by value? A superset,
    from the bytes of the file and its package: the package mentions locks
    (``package_may_lock``), and the file names a lock type of sync or sync/atomic, which it
    imports, or a type of the package that may hold a lock (``holders``), in a receiver or
    parameter list and not behind a ``*`` (``_in_a_signature_by_value``). Such a type is
    written there and holds a lock only through one of those (``locks.HeldLocks``)."""
    own = package_name(data)

    def siblings() -> list[Sibling]:
        return [s for s in package.siblings() if s.package == own]

    found = holders(package, own, data, siblings)
    imported = _lock_paths(data)
    # a value of a lock type, ``sync.Mutex`` or a dot-imported ``Mutex``, needs both the import
    # and the name
    names_a_lock = any(_LOCK_WORD_RE[p].search(data) for p in imported)
    if not names_a_lock and not any(_has_word(data, n) for n in found):
        return False  # (asked first: most packages have no holder, and then it costs nothing per file)
    if not package_may_lock(package, data, own):
        return False
    words = found.union(*(_LOCK_WORDS[p] for p in imported)) if names_a_lock else found
    return _in_a_signature_by_value(data, words)


def may_hold_a_lock(t: Node | None, data: bytes, imports: dict[str, str], names: frozenset[bytes]) -> bool:
    """Can the type expression ``t`` of a file (``data``, its ``imports``) hold a lock by value,
    judged from the file alone, before the package is modelled? It names, by value, a lock type
    of sync or sync/atomic (under the name the file imports it by, or dot-imported) or one of
    ``names``, the package's types that may hold one (``holders``): ``locks.HeldLocks.held_in``
    finds a lock only through one of those."""
    while t is not None and t.type in ("parenthesized_type", "type_elem"):
        inner = [c for c in t.named_children if c.type != "comment"]
        t = inner[0] if len(inner) == 1 else None
    if t is None:
        return False
    kind = t.type
    if kind == "generic_type":
        t = t.child_by_field_name("type")
        kind = "" if t is None else t.type
        if kind == "type_identifier":
            return data[t.start_byte : t.end_byte] in names
    if kind == "qualified_type":
        pkg = t.child_by_field_name("package")
        nm = t.child_by_field_name("name")
        if pkg is None or nm is None:
            return False
        p = data[pkg.start_byte : pkg.end_byte].decode("utf-8", "replace")
        n = data[nm.start_byte : nm.end_byte].decode("utf-8", "replace")
        return any(imports.get(path) == p and n in types for path, types in LOCK_TYPES.items())
    if kind == "type_identifier":
        n = data[t.start_byte : t.end_byte]
        dotted = any(imports.get(path) == "." and n.decode("utf-8", "replace") in types for path, types in LOCK_TYPES.items())
        return n in names or dotted
    if kind == "array_type":
        return may_hold_a_lock(t.child_by_field_name("element"), data, imports, names)
    if kind == "struct_type":
        fields = next((c for c in t.named_children if c.type == "field_declaration_list"), None)
        return any(
            fd.type == "field_declaration"
            and not any(c.type == "*" for c in fd.children)
            and may_hold_a_lock(fd.child_by_field_name("type"), data, imports, names)
            for fd in (fields.named_children if fields is not None else ())
        )
    return False
