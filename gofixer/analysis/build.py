"""Which files some build of the package includes: build constraints and file-name suffixes.

A file that no build compiles (``//go:build ignore``, the convention for programs run with
``go run`` by a generator; or a contradiction such as ``linux && windows``) is not part of the
package: what it does never runs in the program, so findings there are noise, and a fix there
cannot be verified. Custom tags (``integration``, ``cgo``, ``go1.22``) may be set by some
build, so a file that needs them is kept; only ``ignore`` is taken to be never set.
"""

from __future__ import annotations

import itertools
import re

# go/build's known GOOS and GOARCH values: a file named *_<goos>[_<goarch>][_test].go or
# *_<goarch>[_test].go is built only for them.
GOOS = frozenset(
    "aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd openbsd plan9 solaris wasip1 windows zos".split()
)
GOARCH = frozenset(
    "386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips mipsle mips64 mips64le mips64p32 mips64p32le "
    "ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc sparc64 wasm".split()
)
UNIX = frozenset("aix android darwin dragonfly freebsd hurd illumos ios linux netbsd openbsd solaris".split())
_NEVER_SET = frozenset({"ignore"})
_MAX_FREE_TAGS = 10  # beyond this an expression is not searched: the file is kept

CONSTRAINT_LINE = re.compile(rb"^[ \t]*//(?:go:build[ \t]|[ \t]*\+build[ \t])", re.M)
_GO_BUILD = re.compile(rb"^[ \t]*//go:build[ \t]+([^\r\n]*)", re.M)
_PLUS_BUILD = re.compile(rb"^[ \t]*//[ \t]*\+build[ \t]+([^\r\n]*)", re.M)
_PACKAGE = re.compile(rb"^package[ \t]", re.M)
_TOKEN = re.compile(r"\s*(\(|\)|!|&&|\|\||[A-Za-z0-9_.]+)")


def name_constraint(filename: str) -> tuple[str | None, str | None]:
    """(GOOS, GOARCH) a file's name restricts it to (``x_linux_amd64.go``), None where free."""
    parts = filename.removesuffix(".go").removesuffix("_test").split("_")[1:]
    goos = goarch = None
    if parts and parts[-1] in GOARCH:
        goarch = parts.pop()
    if parts and parts[-1] in GOOS:
        goos = parts[-1]
    return goos, goarch


def has_constraint(filename: str, data: bytes) -> bool:
    """Might some build leave this file out? (a constraint line before ``package``, or a name
    suffix)"""
    if name_constraint(filename) != (None, None):
        return True
    m = _PACKAGE.search(data)
    return CONSTRAINT_LINE.search(data[: m.start()] if m else data) is not None


def in_some_build(filename: str, head: bytes) -> bool:
    """Does some GOOS/GOARCH and choice of tags (``ignore`` never set) compile this file?
    ``head`` holds at least the bytes before the package clause. An expression this cannot
    read counts as buildable."""
    m = _PACKAGE.search(head)
    header = head[: m.start()] if m else head
    if b"build" not in header:
        return True
    exprs = []
    go_build = _GO_BUILD.search(header)
    if go_build is not None:
        exprs.append(go_build.group(1).decode("utf-8", "replace"))
    else:
        # the old form: lines are ANDed, space-separated terms ORed, commas ANDed
        for line in _PLUS_BUILD.findall(header):
            terms = [t.split(",") for t in line.decode("utf-8", "replace").split()]
            exprs.append(" || ".join("(" + " && ".join(t) + ")" for t in terms if t))
    try:
        trees = [_parse(e) for e in exprs if e.strip()]
    except ValueError:
        return True
    goos, goarch = name_constraint(filename)
    return _satisfiable(trees, goos, goarch)


# -- the expression language of //go:build --------------------------------------------------


def _parse(text: str):
    tokens = [m.group(1) for m in _TOKEN.finditer(text.split("//")[0])]
    if "".join(tokens).replace(" ", "") != re.sub(r"\s+", "", text.split("//")[0]):
        raise ValueError(text)
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else None

    def take():
        nonlocal pos
        pos += 1
        return tokens[pos - 1]

    def or_():
        left = and_()
        while peek() == "||":
            take()
            left = ("or", left, and_())
        return left

    def and_():
        left = not_()
        while peek() == "&&":
            take()
            left = ("and", left, not_())
        return left

    def not_():
        if peek() == "!":
            take()
            return ("not", not_())
        if peek() == "(":
            take()
            inner = or_()
            if take() != ")":
                raise ValueError(text)
            return inner
        tok = take() if peek() is not None else None
        if tok is None or tok in ("&&", "||", ")"):
            raise ValueError(text)
        return ("tag", tok)

    tree = or_()
    if pos != len(tokens):
        raise ValueError(text)
    return tree


def _tags(tree) -> set[str]:
    if tree[0] == "tag":
        return {tree[1]}
    return set().union(*(_tags(t) for t in tree[1:]))


def _eval(tree, value) -> bool:
    kind = tree[0]
    if kind == "tag":
        return value(tree[1])
    if kind == "not":
        return not _eval(tree[1], value)
    if kind == "and":
        return _eval(tree[1], value) and _eval(tree[2], value)
    return _eval(tree[1], value) or _eval(tree[2], value)


def _satisfiable(trees: list, goos: str | None, goarch: str | None) -> bool:
    tags = set().union(*(_tags(t) for t in trees)) if trees else set()
    # one representative of each GOOS/GOARCH the expressions do not name: a unix one and another
    oses = [goos] if goos else sorted(tags & GOOS) + ["<unix>", "<other>"]
    arches = [goarch] if goarch else sorted(tags & GOARCH) + ["<other>"]
    free = sorted(t for t in tags if t not in GOOS and t not in GOARCH and t != "unix" and t not in _NEVER_SET)
    if len(free) > _MAX_FREE_TAGS:
        return True
    for os_, arch in itertools.product(oses, arches):
        unix = os_ == "<unix>" or os_ in UNIX
        for bits in itertools.product((False, True), repeat=len(free)):
            chosen = dict(zip(free, bits))

            def value(tag: str) -> bool:
                if tag in GOOS:
                    return tag == os_ or (tag == "linux" and os_ == "android") or (tag == "solaris" and os_ == "illumos") or (tag == "darwin" and os_ == "ios")
                if tag in GOARCH:
                    return tag == arch
                if tag == "unix":
                    return unix
                if tag in _NEVER_SET:
                    return False
                return chosen.get(tag, False)

            if all(_eval(t, value) for t in trees):
                return True
    return False
