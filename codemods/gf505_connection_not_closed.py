"""GF505 connection-not-closed: rows, statements, transactions, connections and listeners left open.

What it finds
    A value that holds a connection or a file descriptor, made by a call the package model
    types: ``*sql.Rows`` (``Query``/``QueryContext`` on a ``*sql.DB``, ``*sql.Tx``,
    ``*sql.Conn`` or ``*sql.Stmt``), ``*sql.Stmt`` (``Prepare``/``PrepareContext``),
    ``*sql.Conn`` (``db.Conn``), ``*sql.Tx`` (``Begin``/``BeginTx``), ``net.Conn`` and its
    kin (``net.Dial``, ``DialTimeout``, ``DialTCP``, a ``net.Dialer``'s ``Dial``/``DialContext``,
    a listener's ``Accept``, ``tls.Dial``) and ``net.Listener`` (``net.Listen``, ``ListenTCP``,
    ``tls.Listen``), assigned to a local variable that a path of the function leaves without
    releasing it: ``Close`` (``Commit`` or ``Rollback`` for a transaction), or handing it on
    (returned, stored, sent, passed to a function other than the standard readers and writers
    such as ``io.ReadFull``, ``fmt.Fprintf`` or ``bufio.NewReader``, captured by a closure).
    The paths are followed from the error check after the call: a return, the end of the
    function, or the next iteration of a loop the value was made in, reached without a release,
    is reported; ``panic``, ``os.Exit``, ``log.Fatal`` and ``t.Fatal`` end a path. A
    ``*sql.Rows`` whose ``for rows.Next()`` loop runs to its end is closed by ``Next``; the
    returns inside the loop are not. Also reported: a result discarded (``db.Query(q)`` as a
    statement, ``_, err := db.Query(q)``), and, for ``*sql.Rows``, a ``for rows.Next()`` loop
    after which ``rows.Err()`` is never asked (the rows must not be handed on). A value that a
    goroutine or a stored closure uses and nothing closes is reported, without a fix. Not
    reported: code that runs once per process (``main``, ``init``, a command's entry point, a
    path that ends the process: see ``goroutines.PackageReach``), a receiver the model cannot
    type, a variable assigned with ``=`` in a loop, a call expected to fail (``if err == nil {
    t.Fatal(…) }``, testify's ``require.Error``); in ``_test.go`` files, a connection whose
    result is discarded (a probe that only makes the connection exist), a connection read to
    its end (``io.ReadAll``, the source of ``io.Copy``, a ``bufio.Scanner`` looped over: its
    peer closed it), and a path that fails the test (``t.Error``, or an error sent to the test
    on a channel) before it leaves.

Why it is bad
    database/sql gives a connection back to the pool only when its rows are closed (or read to
    the end), its statement closed, its transaction committed or rolled back: every one left
    open takes a connection for good, and the pool runs dry (``SetMaxOpenConns``) or the server
    runs out of connections. A ``net.Conn`` or ``net.Listener`` never closed keeps its file
    descriptor and the peer's end of the connection until the process exits. ``rows.Next()``
    returns false both at the end and on an error: without ``rows.Err()`` a broken iteration
    passes for a short result.

Example
    rows, err := db.QueryContext(ctx, "SELECT id FROM jobs WHERE state = $1", state)
    if err != nil {
        return nil, err
    }
    var ids []int64
    for rows.Next() {
        var id int64
        if err := rows.Scan(&id); err != nil {
            return nil, err // the rows stay open
        }
        ids = append(ids, id)
    }
    return ids, rows.Err()

Fixed
    rows, err := db.QueryContext(ctx, "SELECT id FROM jobs WHERE state = $1", state)
    if err != nil {
        return nil, err
    }
    defer rows.Close()
    ...

Fix safety
    Safe: ``defer v.Close()`` (``defer tx.Rollback()`` for a transaction) on the line after the
    error check that immediately follows the call (``if err != nil { … }`` that leaves on every
    path, or ``require.NoError``), when the value is never handed on: when the error is nil the
    value is not nil, closing rows, statements, connections and listeners twice is harmless
    (the second ``Close`` returns an error the ``defer`` drops), and ``Rollback`` after
    ``Commit`` does nothing (it returns ``sql.ErrTxDone``).
    Unsafe: the call is in a loop, where the deferred calls pile up until the function returns
    (and never run if it does not): releasing at the end of each iteration is better.
    No fix: the value is handed on somewhere, or used by a goroutine or a closure that may run
    after the function returns (a deferred close would close what the other code still uses),
    the variable is assigned again, the error is discarded or not checked right after
    the call, a discarded result, and the missing ``rows.Err()`` (what to do with the error is
    the function's choice).
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import closers, goroutines, prefilter, syntax
from gofixer.analysis.closers import Resource, Site, Uses
from gofixer.analysis.files import FileIndex
from gofixer.analysis.model import PackageModel, file_model
from gofixer.analysis.statement_edits import statement_line_after
from gofixer.model import Applicability, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# what a value left open holds, by the type's name
_HOLDS = {
    "Rows": "its connection stays out of the pool",
    "Stmt": "its prepared statement and connections stay held",
    "Conn": "it keeps its file descriptor and the peer's end of the connection",
    "Tx": "its connection (and the database's locks) stay held",
    "Listener": "it keeps its address bound and its file descriptor open",
}
_GENERIC = Resource(("generic",), frozenset({"Close", "Commit", "Rollback"}), "Close")


def _holds(res: Resource) -> str:
    name = res.type
    while name[0] == "ptr":
        name = name[1]
    if name[1] == "database/sql" and name[2] == "Conn":
        return "its connection stays out of the pool"
    return _HOLDS.get(name[2].removeprefix("TCP").removeprefix("Unix"), "it stays open")


def _release_words(res: Resource) -> str:
    return "committed or rolled back" if "Commit" in res.releases else "closed"


class ConnectionNotClosed(Rule):
    code = "GF505"
    name = "connection-not-closed"
    summary = "sql rows, statements, transactions, net connections and listeners not released on some path"
    fix_class = FixClass.SAFE_OR_UNSAFE
    tier = "preview"
    # a call named like one that makes a resource, in a file of a package that imports
    # database/sql, net or crypto/tls (the types come from there)
    needs = prefilter.matches(closers.MAKER_CALL) & prefilter.in_package(
        prefilter.imports("database/sql") | prefilter.imports("net") | prefilter.imports("crypto/tls"),
        "imports database/sql, net or crypto/tls",
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        calls = closers.maker_calls(ctx.root, ctx.data)
        if not calls:
            return
        alone = file_model(ctx.package, ctx.path, ctx.data, ctx.root)
        here = alone.file(ctx.path)
        assert here is not None
        reach = goroutines.PackageReach(ctx.root, ctx.data, ctx.path, ctx.package)
        for call in calls:
            func = syntax.enclosing_function(call)
            if func is None or reach.lives_with_process(call):
                continue  # runs once per process: what it keeps open lasts as long as the process would
            yield from self._check_call(ctx, alone, here, call, func)

    def _resource(self, ctx: FileContext, alone: PackageModel, here: FileIndex, call: Node) -> Resource | None:
        """The resource the call makes, by the file's own model first (most receivers are
        declared in the file), then by the package's."""
        res = closers.made_by(alone, here, call)
        if res is None:
            fn = call.child_by_field_name("function")
            op = fn.child_by_field_name("operand") if fn is not None and fn.type == "selector_expression" else None
            if op is not None and not alone.is_import(here, op):
                res = closers.made_by(ctx.model, ctx.index, call)
        return res

    def _check_call(self, ctx: FileContext, alone: PackageModel, here: FileIndex, call: Node, func: Node) -> Iterator[Finding]:
        data = ctx.data
        shown = ctx.text(call.child_by_field_name("function"))
        if b"\n" in ctx.btext(call.child_by_field_name("function")):
            shown = "…" + shown.rsplit(".", 1)[-1]
        test = syntax.is_test_path(ctx.path)
        stmt = closers.discarded(call)
        if stmt is not None:
            res = self._resource(ctx, alone, here, call)
            if res is None or stmt.type == "go_statement" or (test and res.is_net):
                return  # a test accepts or dials only to make the connection exist
            yield self.finding(
                call,
                f"the {res.shown} of {shown} is discarded, so it is never {_release_words(res)}: {_holds(res)}"
                + (" (use Exec for a statement that returns no rows)" if res.is_rows else ""),
            )
            return
        site = closers.assignment_site(call, data)
        if site is None:
            return
        if ctx.btext(site.var) == b"_":
            if closers.expects_failure(site, data, ctx.imports, func):
                return  # a call expected to fail: ``if err == nil { t.Fatal(…) }``
            res = self._resource(ctx, alone, here, call)
            if res is None or (test and res.is_net):
                return
            yield self.finding(
                call,
                f"the {res.shown} of {shown} is discarded, so it is never {_release_words(res)}: {_holds(res)}"
                + (" (use Exec for a statement that returns no rows)" if res.is_rows else ""),
            )
            return
        # the paths first, with any release method: most calls are released and need no types
        generic = closers.follow(alone, here, site, _GENERIC, func)
        if generic is None:
            return
        if self._judge(ctx, site, _GENERIC, generic, func) is None and self._unchecked_err(generic) is None:
            return
        res = self._resource(ctx, alone, here, call)
        if res is None:
            return
        uses = closers.follow(alone, here, site, res, func)
        assert uses is not None
        verdict = self._judge(ctx, site, res, uses, func)
        if verdict is not None:
            message, check = verdict
            fix, why_not = self._fix(ctx, site, res, uses, check, func)
            text = f"the {res.shown} of {shown} {message}: {_holds(res)}"
            if why_not:
                text += f" (no fix: {why_not})"
            yield self.finding(call, text, fix)
        loop = self._unchecked_err(uses) if res.is_rows else None
        if loop is not None:
            name = ctx.text(site.var)
            yield self.finding(
                loop,
                f"{name}.Err() is never checked after the {name}.Next() loop: an error that ends the iteration "
                "early passes for the end of the rows",
            )

    def _judge(self, ctx: FileContext, site: Site, res: Resource, uses: Uses, func: Node) -> tuple[str, Node | None] | None:
        """(what is wrong, the error check), or None when the value is released on every path."""
        data = ctx.data
        check = closers.following_check(site, data, ctx.imports, func)
        # the paths are followed from the check that the call succeeded; with the error
        # discarded, a nil value may be what a path leaves with
        start = check
        words = _release_words(res)
        if start is None or site.stmt.parent is None or site.stmt.parent.type != "statement_list":
            # nothing says where the value is valid: only a value never released anywhere
            if uses.points or ((res.is_rows or res is _GENERIC) and closers.next_loops(uses)):
                return None
            if syntax.is_test_path(ctx.path) and res.is_conn and closers.read_to_end(uses, data, ctx.imports):
                return None
            return f"is never {words}, returned or passed on", check
        test = syntax.is_test_path(ctx.path)
        if test and res.is_conn and not uses.points and closers.read_to_end(uses, data, ctx.imports):
            return None  # the peer closed it; a test's process collects the descriptor
        leaks = closers.unreleased(data, ctx.imports, func, site, start, uses, res, test)
        if leaks is None:
            return None
        if not leaks:
            return None
        if not uses.points and not leaks.by_next:
            return f"is never {words}, returned or passed on", check
        where = self._where(ctx, leaks)
        verb = "leave" if where.startswith("the returns") else "leaves"
        if not uses.points:
            return f"is closed only by the {ctx.text(site.var)}.Next() that ends the loop: {where} {verb} it open", check
        return f"is not {words} on every path: {where} {verb} it open", check

    def _unchecked_err(self, uses: Uses) -> Node | None:
        """The ``for rows.Next()`` loop after which ``rows.Err()`` is never asked (the rows not
        handed on, where someone else might ask)."""
        loops = closers.next_loops(uses)
        if not loops or "Err" in uses.methods or uses.escapes:
            return None
        return loops[-1]

    def _where(self, ctx: FileContext, leaks: closers.Leaks) -> str:
        src = ctx.source
        if leaks.returns:
            lines = sorted({src.line_of(r.start_byte) + 1 for r in leaks.returns})
            shown = ", ".join(str(n) for n in lines[:3]) + (", …" if len(lines) > 3 else "")
            return f"the return at line {shown}" if len(lines) == 1 else f"the returns at lines {shown}"
        if leaks.next_iteration:
            return f"the next iteration (from line {src.line_of(leaks.next_iteration[0].start_byte) + 1})"
        return "the end of the function"

    # -- the fix -------------------------------------------------------------------------------

    def _fix(
        self, ctx: FileContext, site: Site, res: Resource, uses: Uses, check: Node | None, func: Node
    ) -> tuple[Fix | None, str | None]:
        if uses.escapes:
            return None, "it is handed on elsewhere: release it on the paths that keep it"
        if uses.later:
            return None, "a goroutine or a closure that may outlive the function uses it: release it where that code is done"
        if uses.assigns:
            return None, "the variable is assigned again"
        if site.err is None:
            return None, "the error is discarded, so the value may be nil"
        if check is None:
            return None, "no `if err != nil` check that leaves (or `require.NoError`) right after the call"
        name = ctx.btext(site.var)
        call = name + b"." + res.fix.encode() + b"()"
        edit = statement_line_after(ctx.source, check, b"defer " + call, site.stmt)
        if edit is None:
            return None, "another statement follows the error check on its line, or the file ends there"
        shown = call.decode("utf-8", "replace")
        description = f"add `defer {shown}` after the error check"
        if res.fix == "Rollback":
            description += " (a Rollback after Commit does nothing)"
        applicability = Applicability.SAFE
        if syntax.in_loop(site.stmt, func):
            applicability = Applicability.UNSAFE
            description += (
                " (unsafe: inside a loop the deferred calls pile up until the function returns, and never run if "
                "it does not; releasing at the end of each iteration is better)"
            )
        return Fix(description, (edit,), applicability), None

