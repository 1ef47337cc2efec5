"""GF504 response-body-not-closed: an *http.Response whose Body is never closed.

What it finds
    A call of ``http.Get``, ``http.Head``, ``http.Post`` or ``http.PostForm`` (net/http under any
    import name, or dot-imported), or of the methods ``Do``, ``Get``, ``Head``, ``Post`` and
    ``PostForm`` on a receiver known to be an ``http.Client``: ``http.DefaultClient``, a
    ``&http.Client{…}`` literal, or a variable, parameter, struct field, function or method
    result that the package declares as ``*http.Client`` / ``http.Client``, or a variable
    assigned such a value (in the function or at package level); a field of a value of another
    package's type is not known. The finding is on the call. It is reported when the
    response is assigned to a local variable whose ``Body`` is never closed and the response is
    not handed on either: not returned, stored (a field, a composite literal, a map, a slice, a
    channel), assigned to another variable or passed to a function (``process(resp)``), and its
    ``Body`` is neither kept in a variable nor passed to a function other than the standard
    readers that never close it (``io.ReadAll``, ``io.Copy``, ``io.CopyN``, ``io.LimitReader``,
    ``io.ReadFull``, ``ioutil.ReadAll``, ``json.NewDecoder``, ``xml.NewDecoder``,
    ``bufio.NewReader``/``NewScanner``, ``csv.NewReader``, ``gzip.NewReader``…): reading the body
    is not closing it. A ``resp.Body.Close`` anywhere, on any path, even in a closure, silences
    the rule, and so do ``resp.Write`` (which closes the body) and a helper that is given
    ``resp`` or ``resp.Body`` (it may close it). Uses after a later statement of the same block
    that assigns the variable again belong to the new response.
    A discarded response is reported when the call is expected to succeed: ``_, err := http.Get(u)``
    followed by ``if err != nil { return … }`` (or testify's ``require.NoError(t, err)``), and a
    bare ``http.Get(u)`` / ``go http.Get(u)`` outside ``_test.go`` files. Not reported: a
    request expected to fail (``_, err := c.Get(u); if err == nil { t.Fatal(…) }``, or a
    response only looked at inside such a block), receivers the rule cannot type (a custom API
    client that has a ``Do`` method too, ``ts.Client()``), and responses stored in something
    other than a local variable. ``_test.go`` files are checked otherwise: a test that leaks
    bodies leaks connections and goroutines that later leak checks trip on.
    Two variants are in the preview tier, because nothing is held in them: a Body read to EOF
    (``io.ReadAll``, ``io.Copy``, ``ioutil.ReadAll``) on every path that goes on after the
    call succeeded (a path that ends in ``t.Fatal``, ``panic`` or ``os.Exit``, or on which the
    test has already failed with ``t.Errorf``, needs no read), and the response to a HEAD
    request (``http.Head``, ``c.Head``, or ``c.Do(req)`` with ``req`` made for
    ``http.MethodHead`` in the same function). A Body read to EOF on some paths only is
    reported in the default tier with the path that leaves it unread.

Why it is bad
    net/http's documentation says the caller must close a response's body when it is done with
    it. A body neither closed nor read to EOF holds its connection, the transport's goroutines
    for it and their buffers, until the server gives up on the connection: the client keeps
    opening new ones and, under load, runs out of file descriptors or ports. Reading the body to
    EOF hands the connection back to the transport (and a HEAD response has no body: the
    transport returns ``http.NoBody`` and reuses the connection at once), so those leak nothing
    and are preview findings: the Close is what the documentation asks for, and it keeps the
    code right when the read changes.

Example
    resp, err := http.Get(url)
    if err != nil {
        return nil, err
    }
    if resp.StatusCode != http.StatusOK {
        return nil, errors.New(resp.Status) // the body is neither read nor closed here
    }
    return io.ReadAll(resp.Body)

Fixed
    resp, err := http.Get(url)
    if err != nil {
        return nil, err
    }
    defer resp.Body.Close()
    if resp.StatusCode != http.StatusOK {
        return nil, errors.New(resp.Status)
    }
    return io.ReadAll(resp.Body)

Fix safety
    Safe: ``defer resp.Body.Close()`` goes on the line after the error check that immediately
    follows the call: ``if err != nil { … }`` with no ``else``, whose block cannot fall through
    (it returns, breaks, continues, panics or calls a ``Fatal``/``os.Exit``), or
    ``require.NoError(t, err)``. It gets the statement's indentation and the file's line ending.
    When the error is nil the response and its body are not nil, so the deferred close cannot
    panic; closing a body that is also closed elsewhere is harmless. A discarded response
    (``_, err := …``) gets a fresh name (``resp``, ``resp2``…).
    Unsafe: the call is inside a loop, where the deferred closes pile up until the function
    returns (and never run in a loop that never returns): closing the body at the end of each
    iteration is better, and left to the reviewer.
    No fix: no such error check right after the call, the error discarded (``resp, _ :=``), the
    response variable assigned again later, the call in an if/switch/for header, a discarded
    response assigned with ``=`` (it would need a declaration), or a call whose results are not
    assigned at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from tree_sitter import Node

from gofixer.analysis import contexts, errcheck, flow, lexical, nethttp, prefilter, responses, syntax
from gofixer.analysis.flow import ReleasePaths, is_field
from gofixer.analysis.model import file_model
from gofixer.analysis.spelling import LocalNames
from gofixer.model import Applicability, Edit, Finding, Fix, FixClass
from gofixer.rule import FileContext, Rule

# A call of one of those names: the name, blanks or a comment, the parenthesis (a superset: a
# ``/`` may start something other than a comment, and no word boundary is asked for)
_CALL_NAME = re.compile(rb"(?:Get|Head|Post|PostForm|Do)\s*[(/]")
_PACKAGE_CALL_NAME = re.compile(rb"(?:Get|Head|Post|PostForm)\s*[(/]")

# The declarations of a variable assigned with ``=`` that the rule follows through its function:
# a receiver, parameter or local of the call's own function (not a named result, which the
# function returns, nor a range variable)
_FOLLOWED = frozenset({"recv", "param", "local"})


@dataclass
class _Site:
    form: str  # ":=", "=", "var", or "" when the results are not assigned at all
    stmt: Node  # the statement holding the call
    resp: Node | None  # the response's left-hand side
    err: Node | None  # the error's left-hand side


def _site(call: Node) -> _Site | None:
    """Where the call's results go; None when they are returned, passed on or otherwise used."""
    p = call.parent
    if p is not None and p.type in ("expression_statement", "go_statement", "defer_statement"):
        return _Site("", p, None, None)
    pa = syntax.pair_assignment(call)
    if pa is None or not pa.lone:
        return None
    return _Site(pa.form, pa.stmt, pa.first, pa.second)


# One of the names, not followed by a name's character (whole words are checked in the tree)
_NAME_WORD = re.compile(rb"(?:Get|Head|Post|PostForm|Do)(?![A-Za-z0-9_])")
# the same calls as a query, for a tree with errors (see lexical.calls_named)
_NAMED_CALLS = """(call_expression
  function: [(identifier) @_n (selector_expression field: (field_identifier) @_n)]
  (#match? @_n "^(Get|Head|Post|PostForm|Do)$")) @call"""


class ResponseBodyNotClosed(Rule):
    code = "GF504"
    name = "response-body-not-closed"
    summary = "an *http.Response whose Body is never closed: the connection is never reused and leaks"
    fix_class = FixClass.SAFE_OR_UNSAFE
    # a call named ``Get``, ``Head``, ``Post``, ``PostForm`` or ``Do`` in a file importing
    # net/http: the bytes hold the name followed, after blanks or comments only, by its ``(``.
    # A call on a receiver (``c.Do(req)``) is reported only when the receiver is known to be an
    # http.Client, which takes the word ``Client`` in the file that says so: the receiver
    # itself (``http.DefaultClient``, ``&http.Client{}``), a declaration of it in this file, or
    # a package variable or struct field declared in a sibling. Without ``Client`` in this file
    # or a sibling, only net/http's own functions (``http.Get(u)``, ``Get(u)`` when
    # dot-imported) can be reported.
    needs = (
        prefilter.imports(nethttp.PATH)
        & prefilter.matches(_CALL_NAME)
        & (
            prefilter.contains(b"Client")
            | prefilter.matches(_PACKAGE_CALL_NAME)
            | prefilter.in_package(prefilter.contains(b"Client"), "contains Client")
        )
    )

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        pkg = nethttp.local_name(ctx.imports)
        if pkg is None:
            return
        names = LocalNames()
        given: dict[int, set[str]] = {}
        for call in lexical.calls_named(ctx.root, ctx.data, _NAME_WORD, _NAMED_CALLS):
            site = _site(call)
            if site is None:
                continue
            callee = responses.response_call(call, ctx.data, ctx.imports, pkg, names)
            if callee is None:
                continue
            func = syntax.enclosing_function(call)
            if func is None:
                continue  # a package-level variable: lives as long as the program
            finding = self._check_site(ctx, call, callee, site, func, given, names)
            if finding is not None:
                yield finding

    def _is_client(self, ctx: FileContext, names: LocalNames, recv: Node, at: Node) -> bool:
        """Is the receiver an http.Client (or a pointer to one)? Spelled so (``http.DefaultClient``,
        ``(&http.Client{})``), or so typed by the package model."""
        data = ctx.data
        pkg = nethttp.local_name(ctx.imports)
        node = syntax.unparen(recv)
        if node is None:
            return False
        if nethttp.client_value(node, data, pkg):
            if node.type == "composite_literal":
                return False  # http.Client{}.Get: not addressable, does not compile
            top = syntax.top_function(at)
            return node.type != "identifier" or top is None or not names.declares(top, "DefaultClient", data)
        # the file's own model first: most receivers are declared in the file, and the
        # package's model reads every file of the package
        alone = file_model(ctx.package, ctx.path, data, ctx.root)
        here = None if alone is None else alone.file(ctx.path)
        verdict = None if alone is None or here is None else nethttp.client_verdict(alone, here, node)
        if verdict is None:
            verdict = nethttp.client_verdict(ctx.model, ctx.index, node)
        return bool(verdict)

    # -- one call ----------------------------------------------------------------------------------

    def _check_site(
        self,
        ctx: FileContext,
        call: Node,
        callee: tuple[str, Node | None],
        site: _Site,
        func: Node,
        given: dict[int, set[str]],
        names: LocalNames,
    ) -> Finding | None:
        """The finding on a call whose response is assigned at ``site`` (or discarded). The
        receiver's type is asked last: it takes the package model, which the cheap tests of
        the response's uses make unnecessary for most calls."""
        shown, receiver = callee
        what = f"the *http.Response of {shown}"
        if site.form == "":
            if syntax.is_test_path(ctx.source.path):
                return None  # tests call clients for their side effects, often expecting an error
            if receiver is not None and not self._is_client(ctx, names, receiver, call):
                return None
            return self.finding(
                call,
                f"{what} is discarded, so its Body is never closed: the connection is never released or reused "
                "(no fix: assign the response and close its Body)",
            )
        resp = site.resp
        if resp is None or resp.type != "identifier":
            return None  # stored in a field, a map, a slice…
        name = ctx.btext(resp)
        err = ctx.btext(site.err) if site.err is not None and site.err.type == "identifier" else b"_"
        check = _following_check(site)
        head = responses.head_request(call, func, ctx.data, ctx.imports)
        preview = head
        if name == b"_":
            # only when the call is expected to succeed: `_, err := c.Get(u); if err == nil {
            # t.Fatal(…) }` makes a request that should fail
            if err == b"_" or check is None or not errcheck.error_check(check, ctx.data, ctx.imports, err, func, allow_init=True):
                return None
            message = f"{what} is discarded, so its Body is never closed: the connection is never released or reused"
            if head:
                message = f"{what} is discarded, so its Body is never closed; {_HEAD_NOTE}"
            elif nethttp.served_with_no_body(call, ctx.root, ctx.data, ctx.imports, ctx.package, ctx.source.path):
                preview = True
                message = f"{what} is discarded, so its Body is never closed; {_EMPTY_NOTE}"
            reassigned = False
        else:
            state = self._uses(ctx, site, name, func)
            if state is None:
                return None
            if err != b"_" and check is not None and self._failure_only(ctx, site, check, name, err, func):
                return None
            reassigned = state
            message = (
                f"{what} is never closed, returned or passed on: its connection is never released or reused; "
                f"close its Body"
            )
            read = None if head else self._read_to_eof(ctx, site, name, func, check)
            if head:
                message = f"{what} is never closed, returned or passed on; {_HEAD_NOTE}"
            elif read is not True and nethttp.served_with_no_body(call, ctx.root, ctx.data, ctx.imports, ctx.package, ctx.source.path):
                preview = True
                message = f"{what} is never closed, returned or passed on, but {_EMPTY_NOTE}"
            elif read is not True and self._cancelled_on_every_path(ctx, site, name, call, func, check):
                preview = True
                message = (
                    f"{what} is never closed, returned or passed on, but its request's context is cancelled on every "
                    "path (cancel() or defer cancel()), which aborts the body and closes its connection; closing the "
                    "Body would let the connection be reused"
                )
            elif read is True:
                # the connection went back to the transport when the read hit EOF: closing is
                # what net/http asks for, but nothing is held
                preview = True
                message = (
                    f"{what} is never closed, returned or passed on, but its Body is read to EOF on every path, "
                    "which releases the connection for reuse; net/http still asks callers to close it"
                )
            elif read is not None:
                message = (
                    f"{what} is never closed, returned or passed on, and its Body is read to EOF only on some paths: "
                    f"{read} {'replaces it' if read.startswith('the assignment') else 'leaves with it'} unread, "
                    "and there its connection is never released or reused; "
                    "close its Body"
                )
        if receiver is not None and not self._is_client(ctx, names, receiver, call):
            return None
        fix, why_not = self._fix(ctx, call, site, name, func, reassigned, given)
        if why_not:
            message += f" (no fix: {why_not})"
        return self.finding(call, message, fix, preview=preview)

    def _read_to_eof(self, ctx: FileContext, site: _Site, name: bytes, func: Node, check: Node | None) -> bool | str | None:
        """Is the response's Body read to EOF (``io.ReadAll``, ``io.Copy``: the transport then
        releases the connection) on every path that goes on after the call succeeded? True when
        it is; None when it is never read so, or the paths are not understood; else where the
        first path leaves without it (``"the return at line N"``). A path that ends (``t.Fatal``,
        ``panic``, ``os.Exit``) or on which the test has already failed (``t.Errorf``) needs no
        read: it is not the test's or the program's normal course."""
        return self._every_path(ctx, site, name, func, check, responses.eof_reads(func, name, ctx.data, ctx.imports))

    def _every_path(
        self, ctx: FileContext, site: _Site, name: bytes, func: Node, check: Node | None, marks: list[Node]
    ) -> bool | str | None:
        """Does every path that goes on after the call succeeded reach a statement holding one of
        ``marks`` (nodes of ``func``) before the response variable is replaced or the function
        left? See :meth:`_read_to_eof`."""
        data = ctx.data
        lo, hi = site.stmt.end_byte, syntax.scope_end(site.stmt, func) if site.form != "=" else func.end_byte
        # a later assignment of the variable replaces the response: a path that reaches it
        # unread leaves this one unread (and is not followed further, where reads are the next
        # response's)
        again = [
            a for a in (_assignment_of(r) for r in syntax.walk(func) if r.type == "identifier" and ctx.btext(r) == name)
            if a is not None and a.start_byte >= lo and a.id != site.stmt.id
        ]
        replaced: list[Node] = []
        reads = [c for c in marks if lo <= c.start_byte < hi]
        if not reads:
            return None
        spans = [(c.start_byte, c.end_byte) for c in reads]
        again_ids = {a.id for a in again}

        def reading(n: Node) -> bool:
            if n.type not in _READ_STATEMENTS:
                return False
            return any(n.start_byte <= a and b <= n.end_byte for a, b in spans)

        read_on_a_path: list[Node] = []

        def stops(n: Node) -> bool:
            if n.id in again_ids:
                replaced.append(n)
                return True
            if reading(n):
                read_on_a_path.append(n)  # a path got here unread, and reads it here
                return True
            return False

        no_return = flow.no_return_funcs(ctx.root, data, ctx.imports)
        in_test = syntax.is_test_path(ctx.source.path)

        err = ctx.btext(site.err) if site.err is not None and site.err.type == "identifier" else b"_"

        def ends(n: Node) -> bool:
            if n.type != "expression_statement":
                return False
            if err != b"_" and errcheck.requires_error(n, data, ctx.imports, err, func):
                return True  # past it the call failed: there is no response
            return flow.ends_path(n, data, ctx.imports, no_return) or (in_test and errcheck.fails_test(n, data, ctx.imports))

        def never(_n: Node) -> bool:
            return False

        start = site.stmt
        sibling = check is not None and check.parent is not None and syntax.same_node(check.parent, site.stmt.parent)
        if sibling and _checks_error(check, site, data, ctx.imports, func):
            start = check  # below the check the call succeeded (above it the response is nil)
        paths = ReleasePaths(data, func, reading, stops, ends, strict_end=False)
        verdict = paths.after(start)
        if verdict.unknown:
            return None
        if replaced:
            first = min(replaced, key=lambda n: n.start_byte)
            if not read_on_a_path:
                return None  # every path replaces it before any read: none is its own
            return f"the assignment at line {ctx.source.position(first.start_byte).line}"
        if verdict.returns:
            return f"the return at line {ctx.source.position(verdict.returns[0].start_byte).line}"
        if verdict.falls_off is not None:
            return f"the end of the function at line {ctx.source.position(verdict.falls_off.end_byte - 1).line}"
        return True

    def _cancelled_on_every_path(
        self, ctx: FileContext, site: _Site, name: bytes, call: Node, func: Node, check: Node | None
    ) -> bool:
        """Is the context the request was made with (``ctx, cancel := context.WithCancel(…)``;
        ``req := http.NewRequestWithContext(ctx, …)``, in the same function) cancelled on every
        path after the call succeeded: ``defer cancel()`` in the function's own body before the
        call, or ``cancel()``/``defer cancel()`` reached on each path? Cancelling it aborts the
        response's body."""
        rctx = nethttp.request_context(call, ctx.data, ctx.imports)
        if rctx is None or rctx.type != "identifier":
            return False
        found = contexts.cancels_of(func, ctx.btext(rctx), ctx.data, ctx.import_name("context"))
        body = func.child_by_field_name("body")
        if any(
            n.type == "defer_statement" and n.start_byte < call.start_byte and n.parent is not None and n.parent.parent is not None
            and body is not None and n.parent.parent.id == body.id
            for n in found
        ):
            return True  # deferred at the top level of the function before the call
        return self._every_path(ctx, site, name, func, check, found) is True

    def _uses(self, ctx: FileContext, site: _Site, name: bytes, func: Node) -> bool | None:
        """None when the body is closed or the response (or its body) is handed on, or the
        variable cannot be followed; else whether the variable is assigned again."""
        data = ctx.data
        stmt = site.stmt
        if site.form == "=":
            assert site.resp is not None
            # scopes are the file's own: the file's model answers without reading the package
            alone = file_model(ctx.package, ctx.path, data, ctx.root)
            assert alone is not None
            here = alone.file(ctx.path)
            assert here is not None
            binding, owner = alone.lookup(here, site.resp)
            if binding is None or binding.kind not in _FOLLOWED or not syntax.same_node(owner, func):
                return None  # a named result, a captured or a package variable
            lo, hi = func.start_byte, func.end_byte
        else:
            lo, hi = stmt.end_byte, syntax.scope_end(stmt, func)
        looped = syntax.in_loop(stmt, func)
        refs = [
            ref
            for ref in syntax.walk(func)
            if ref.type == "identifier"
            and lo <= ref.start_byte < hi
            and ref.id != site.resp.id
            and data[ref.start_byte : ref.end_byte] == name
        ]
        # a later statement of the same block that assigns the variable again ends what this
        # call's response is followed through (in a loop the call runs again before any earlier use)
        for ref in refs:
            if ref.start_byte < stmt.end_byte:
                continue
            a = _assignment_of(ref)
            if a is not None and a.parent is not None and stmt.parent is not None and a.parent.id == stmt.parent.id:
                hi = a.end_byte
                break
        top = syntax.top_function(stmt) or func
        reassigned = False
        for ref in refs:
            if ref.start_byte >= hi:
                break
            if ref.start_byte < stmt.start_byte and not looped and syntax.enclosing_function(ref).id == func.id:
                continue  # before the call, outside a closure: another value of the variable
            verdict = responses.use(ref, top, data, ctx.imports)
            if verdict == "escape":
                return None
            if verdict == "assign" and ref.start_byte >= stmt.end_byte:
                reassigned = True  # (an earlier one, with `=`, is where the variable is declared)
        return reassigned

    # -- the fix -------------------------------------------------------------------------------------

    def _fix(
        self,
        ctx: FileContext,
        call: Node,
        site: _Site,
        name: bytes,
        func: Node,
        reassigned: bool,
        given: dict[int, set[str]],
    ) -> tuple[Fix | None, str | None]:
        src, data, stmt = ctx.source, ctx.data, site.stmt
        err = site.err
        if err is None or err.type != "identifier" or ctx.btext(err) == b"_":
            return None, "the error is discarded, so the response may be nil"
        if name == b"_" and site.form == "=":
            return None, "the response is discarded in an assignment with `=`"
        if reassigned:
            return None, "the response variable is assigned again"
        if stmt.parent is None or stmt.parent.type != "statement_list":
            return None, "the call is in an if, switch or for header"
        check = _following_check(site)
        if check is None or check.child_by_field_name("initializer") is not None:
            check = None
        if check is None or not errcheck.error_check(check, ctx.data, ctx.imports, ctx.btext(err), func):
            return None, "no `if err != nil` check that leaves the block (or `require.NoError`) right after the call"
        line_end = src.line_end(src.line_of(check.end_byte))
        rest = data[check.end_byte : line_end].strip(b" \t")
        if rest and not rest.startswith(b"//"):
            return None, "another statement follows the error check on the same line"
        next_line = src.line_of(check.end_byte) + 1
        if next_line >= src.line_count:
            return None, "the error check ends the file"
        edits: list[Edit] = []
        if name == b"_":
            top = syntax.top_function(call)
            taken = given.setdefault(-1 if top is None else top.id, set())
            fresh = syntax.free_name("resp", top, data, taken)
            taken.add(fresh)
            name = fresh.encode()
            edits.append(Edit(site.resp.start_byte, site.resp.end_byte, name))
        nl = src.newline_at(check.end_byte)
        indent = src.indent_of_line(stmt.start_byte)
        closing = name + b".Body.Close()"
        at = src.line_start(next_line)
        edits.append(Edit(at, at, indent + b"defer " + closing + nl))
        shown = closing.decode("utf-8", "replace")
        description = f"add `defer {shown}` after the error check"
        if ctx.btext(site.resp) == b"_":
            description = f"name the response {name.decode('utf-8', 'replace')} and " + description
        applicability = Applicability.SAFE
        if syntax.in_loop(stmt, func):
            applicability = Applicability.UNSAFE
            description += (
                " (unsafe: inside a loop the deferred closes pile up until the function returns, and never "
                "run if it does not; closing at the end of each iteration is better)"
            )
        return Fix(description, tuple(edits), applicability), None

    def _failure_only(self, ctx: FileContext, site: _Site, check: Node, name: bytes, err: bytes, func: Node) -> bool:
        """``res, err := c.Get(u); if err == nil { …res…; t.Fatalf(…) }`` with no use of ``res``
        after it: a request expected to fail, whose response is only looked at on the way to
        ending the test or the program."""
        if check.child_by_field_name("initializer") is not None or not errcheck.error_check(
            check, ctx.data, ctx.imports, err, func, op="==", allow_return=False
        ):
            return False
        data = ctx.data
        lo, hi = site.stmt.end_byte, syntax.scope_end(site.stmt, func)
        for n in syntax.walk(func):
            if n.type == "identifier" and lo <= n.start_byte < hi and data[n.start_byte : n.end_byte] == name:
                if not syntax.inside(n, check):
                    return False
        return True


_HEAD_NOTE = (
    "a HEAD response has no body (the transport hands back http.NoBody and reuses the connection at once), "
    "so nothing is held, but net/http still asks callers to close it"
)
_EMPTY_NOTE = (
    "every handler this function serves writes no body: over HTTP/1 and HTTP/2 net/http then hands back "
    "http.NoBody and reuses the connection at once; net/http still asks callers to close it"
)
# statements that can read a body to EOF for every path through them (a go or defer statement
# reads it in its function literal; a return, before it leaves)
_READ_STATEMENTS = frozenset(
    {
        "expression_statement", "short_var_declaration", "assignment_statement", "var_declaration",
        "go_statement", "defer_statement", "return_statement",
    }
)  # fmt: skip


def _checks_error(check: Node, site: _Site, data: bytes, imports: dict[str, str], func: Node) -> bool:
    """Is ``check`` ``if err != nil { … }`` (whatever its block does) or ``require.NoError(t,
    err)`` on the call's error? Below it the call succeeded, or the response is nil anyway."""
    err = site.err
    if err is None or err.type != "identifier":
        return False
    name = data[err.start_byte : err.end_byte]
    if name == b"_":
        return False
    if errcheck.require_no_error(check, data, imports, name, func):
        return True
    if check.type != "if_statement" or check.child_by_field_name("alternative") is not None:
        return False
    cond = syntax.unparen(check.child_by_field_name("condition"))
    if cond is None or cond.type != "binary_expression":
        return False
    op = cond.child_by_field_name("operator")
    sides = [syntax.unparen(cond.child_by_field_name("left")), syntax.unparen(cond.child_by_field_name("right"))]
    return (
        op is not None
        and op.type == "!="
        and any(s is not None and s.type == "identifier" and data[s.start_byte : s.end_byte] == name for s in sides)
        and any(errcheck.is_nil(s) for s in sides)
    )


def _following_check(site: _Site) -> Node | None:
    """The if statement that may check the call's error: the one whose header holds the call, or
    the statement right after the call's."""
    stmt = site.stmt
    p = stmt.parent
    if p is not None and p.type == "if_statement" and is_field(p, "initializer", stmt):
        return p
    if p is None or p.type != "statement_list":
        return None
    n = stmt.next_named_sibling
    while n is not None and n.type == "comment":
        n = n.next_named_sibling
    return n


def _assignment_of(ref: Node) -> Node | None:
    """The assignment or short variable declaration whose left side ``ref`` is, if any."""
    p = ref.parent
    if p is None or p.type != "expression_list" or p.parent is None:
        return None
    a = p.parent
    if a.type in ("assignment_statement", "short_var_declaration") and is_field(a, "left", p):
        return a
    return None
