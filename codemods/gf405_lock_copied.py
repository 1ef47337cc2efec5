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
from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import lexical, lock_holders, locks, prefilter, syntax
from gofixer.analysis.files import FileIndex
from gofixer.analysis.siblings import package_name
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# Methods that values satisfy interfaces with at run time (fmt, errors, encoding/…, database/sql):
# a value T stops having them once the receiver is *T, and nothing fails to compile.
_DYNAMIC_METHODS = frozenset(
    {
        "String", "GoString", "Format", "Error", "Unwrap", "Is", "As", "MarshalJSON", "MarshalText",
        "MarshalBinary", "MarshalXML", "MarshalYAML", "GobEncode", "AppendText",
        "AppendBinary", "LogValue",
    }
)  # fmt: skip


def _holds(lock: str) -> str:
    if " (it has" in lock and " (field " not in lock:
        return "is a lock" + lock[lock.index(" (") :]
    return "contains " + lock


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
    # a finding is a receiver or a parameter whose type, written in the file's signature, may
    # hold a lock (see lock_holders.may_pass_a_lock_by_value)
    needs = prefilter.contains(b"func") & prefilter.package_test(
        "a receiver or parameter may hold a lock by value", lock_holders.may_pass_a_lock_by_value
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        own = package_name(data)
        if not lock_holders.package_may_lock(ctx.package, data, own):
            return
        # the receivers and parameters whose types may hold a lock, judged from this file: the
        # package is modelled only when there is one
        holders = lock_holders.holders(ctx.package, own, data, lambda: [s for s in ctx.package.siblings() if s.package == own])
        candidates: list[tuple[Node, Node, bool]] = []  # (function, declaration, is the receiver)
        for func in lexical.functions(ctx.root, data):
            if func.type == "method_declaration":
                recv = syntax.named(func.child_by_field_name("receiver"))
                if len(recv) == 1 and recv[0].type == "parameter_declaration" and _receiver_type(recv[0], data, holders) is not None:
                    candidates.append((func, recv[0], True))
            for p in syntax.named(func.child_by_field_name("parameters")):
                if p.type == "parameter_declaration" and lock_holders.may_hold_a_lock(p.child_by_field_name("type"), data, ctx.imports, holders):
                    candidates.append((func, p, False))
        if not candidates:
            return
        model = ctx.model
        me = ctx.index
        held = locks.HeldLocks(model, me)
        others = [f for f in model.files if f is not me]
        type_params: dict[int, frozenset[str]] = {}  # the same for each parameter of a function
        for func, decl, is_receiver in candidates:
            if is_receiver:
                f = self._receiver(ctx, held, func, decl, others)
            else:
                if func.start_byte not in type_params:
                    type_params[func.start_byte] = _type_params(func, data)
                f = self._parameter(ctx, held, me, func, decl, others, type_params[func.start_byte])
            if f is not None:
                yield f

    # -- receivers -----------------------------------------------------------------------------

    def _receiver(self, ctx: FileContext, held: locks.HeldLocks, func: Node, decl: Node, others: list[FileIndex]) -> Finding | None:
        t = _receiver_type(decl, ctx.data, None)
        if t is None:
            return None
        base = t if t.type == "type_identifier" else t.child_by_field_name("type")
        tname = ctx.btext(base)
        lock = held.named_type(ctx.text(base))
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
        if self._receiver_fixable(ctx, func, tname, rname, mname, others):
            fix = Fix(
                f"make the receiver a pointer (*{type_text}): {mname} then works on the caller's value, and "
                f"{type_text} values (not pointers) no longer have it in their method set",
                (Edit(t.start_byte, t.start_byte, b"*"),),
                Applicability.UNSAFE,
            )
        return self.finding(decl, message, fix)

    def _receiver_fixable(self, ctx, func, tname: bytes, rname: bytes, mname: str, others: list[FileIndex]) -> bool:
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
        files = [(ctx.root, ctx.data)] + [(f.root, f.data) for f in others if method in f.data]
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
        self,
        ctx: FileContext,
        held: locks.HeldLocks,
        me: FileIndex,
        func: Node,
        decl: Node,
        others: list[FileIndex],
        type_params: frozenset[str],
    ) -> Finding | None:
        t = decl.child_by_field_name("type")
        if t is None:
            return None
        lock = held.held_in(me, t, type_params)
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
        fix = self._parameter_fix(ctx, func, decl, t, names, others)
        return self.finding(decl, message, fix)

    def _parameter_fix(self, ctx: FileContext, func: Node, decl: Node, t: Node, names: list[Node], others: list[FileIndex]) -> Fix | None:
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
        if any(_mentions_word(f.data, fname) for f in others):
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


def _receiver_type(decl: Node, data: bytes, holders: frozenset[bytes] | None) -> Node | None:
    """The type of a value receiver, ``T`` or ``T[P]`` (parentheses dropped), when its name is
    one of ``holders`` (None: any name); None for a pointer or any other shape."""
    t = decl.child_by_field_name("type")
    while t is not None and t.type == "parenthesized_type" and len(syntax.named(t)) == 1:
        t = syntax.named(t)[0]
    if t is None or t.type not in ("type_identifier", "generic_type"):
        return None
    base = t if t.type == "type_identifier" else t.child_by_field_name("type")
    if base is None or base.type != "type_identifier":
        return None
    return t if holders is None or data[base.start_byte : base.end_byte] in holders else None


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


def _type_params(func: Node, data: bytes) -> frozenset[str]:
    """The type parameters in scope in ``func``: its own, its enclosing functions', and a
    method's receiver's (``func (b Box[T]) M(v T)``)."""
    out = set()
    f = func
    while f is not None:
        tps = f.child_by_field_name("type_parameters") if f.type in ("function_declaration",) else None
        for p in syntax.named(tps):
            for n in p.children_by_field_name("name"):
                out.add(data[n.start_byte : n.end_byte].decode("utf-8", "replace"))
        if f.type == "method_declaration":
            recv = syntax.named(f.child_by_field_name("receiver"))
            t = recv[0].child_by_field_name("type") if recv else None
            if t is not None and t.type == "pointer_type" and syntax.named(t):
                t = syntax.named(t)[0]
            if t is not None and t.type == "generic_type":
                for a in syntax.walk(t.child_by_field_name("type_arguments")):
                    if a.type == "type_identifier":
                        out.add(data[a.start_byte : a.end_byte].decode("utf-8", "replace"))
        f = syntax.enclosing_function(f)
    return frozenset(out)


def _mentions_word(data: bytes, word: bytes) -> bool:
    return re.search(rb"\b" + re.escape(word) + rb"\b", data) is not None


def re_map_value(tname: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"map\[[^\n]*\]\s*" + re.escape(tname) + rb"\b")
