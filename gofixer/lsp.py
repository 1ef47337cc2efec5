"""``gofixer lsp``: a language server (pygls, stdio) with diagnostics and quick fixes.

What the editor sees is what ``gofixer check`` would report on the buffer: the engine runs on
the buffer's bytes (``engine.process``) with the rules and settings of the document's nearest
``.gofixer.toml`` and the go version of its nearest ``go.mod``. Fixes are offered as code
actions carrying a WorkspaceEdit; they are *not* verified with the Go toolchain (a build per
keystroke is too slow), which the titles of unsafe fixes say.

Positions: the engine speaks bytes, LSP speaks lines and UTF-16 code units unless the client
negotiates ``utf-8`` or ``utf-32`` (``general.positionEncodings``; pygls picks the encoding and
keeps the document's text in sync in that unit). The buffer's ``str`` is encoded to UTF-8, which
is what is on disk, and every offset is converted with the buffer's :class:`SourceFile` index.

Robustness: a buffer with syntax errors has no diagnostics; an exception while checking is
logged to the client (``window/logMessage``) and never ends the server.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import threading
import logging
import os
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from . import __version__, config, discover, engine, registry
from .imports import add_imports
from .model import Applicability, Edit, FileResult, Finding
from .rule import Settings
from .source import SourceFile, parse

log = logging.getLogger("gofixer.lsp")

SOURCE = "gofixer"
FIX_ALL_KIND = "source.fixAll.gofixer"
FIX_ALL_TITLE = "Fix all gofixer issues in file"
UTF8 = types.PositionEncodingKind.Utf8
UTF16 = types.PositionEncodingKind.Utf16
UTF32 = types.PositionEncodingKind.Utf32


DOCS_URL_ENV = "GOFIXER_RULE_DOCS_URL"  # the SARIF report's help links use the same template


@functools.cache
def rule_docs_uri(code: str) -> str | None:
    """Where a rule's documentation lives.

    With ``GOFIXER_RULE_DOCS_URL`` set (docs you host), the same link as SARIF's ``helpUri``.
    Otherwise the rule's installed module, whose docstring is the documentation ``gofixer
    explain`` prints (What it finds / Why it is bad / Example / Fixed / Fix safety): a link that
    always resolves, offline too.
    """
    try:
        rule = registry.find(code)
        if os.environ.get(DOCS_URL_ENV):
            from .render.sarif import help_uri

            return help_uri(rule)
        return from_fs_path(str(Path(inspect.getfile(sys.modules[rule.__module__])).resolve()))
    except Exception:  # noqa: BLE001 - a missing link must not cost the diagnostic
        return None


# -- positions -------------------------------------------------------------------------------


class Positions:
    """Byte offsets of the buffer <-> LSP positions in the negotiated encoding.

    Lines are the buffer's ``\\n``-separated lines (a ``\\r`` before ``\\n`` belongs to the line
    ending). Unlike go vet's columns, a BOM the client kept in its text counts as a character,
    because the client counts it too.
    """

    def __init__(self, src: SourceFile, encoding: str = UTF16):
        self.src = src
        self.encoding = encoding

    def _bom(self, line0: int) -> bool:
        return line0 == 0 and self.src.has_bom

    def position(self, offset: int) -> types.Position:
        src = self.src
        offset = max(0, min(offset, len(src.data)))
        line0 = src.line_of(offset)
        start = src.line_start(line0)
        if self.encoding == UTF8:
            col = offset - start
        elif self.encoding == UTF32:
            col = len(src.data[start:offset].decode("utf-8", errors="replace"))
        else:
            col = src.utf16_column(offset)
            if self._bom(line0) and offset >= 3:
                col += 1  # SourceFile does not count the BOM; the client's text has it
        return types.Position(line=line0, character=col)

    def offset(self, pos: types.Position) -> int:
        """Byte offset of an LSP position; past the end of a line clamps to its end."""
        src = self.src
        line0, col = pos.line, max(0, pos.character)
        if line0 < 0:
            return 0
        if line0 >= src.line_count:
            return len(src.data)
        start, end = src.line_start(line0), src.line_end(line0)
        if self.encoding == UTF8:
            return _char_start(src.data, min(start + col, end), start)
        if self.encoding == UTF32:
            text = src.data[start:end].decode("utf-8", errors="replace")
            return min(start + len(text[:col].encode("utf-8", errors="replace")), end)
        if self._bom(line0):
            if col == 0:
                return 0
            return src.offset_from_utf16(0, col - 1)
        return src.offset_from_utf16(line0, col)

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))


def _char_start(data: bytes, i: int, floor: int = 0) -> int:
    """Move ``i`` back to the start of the UTF-8 character it points into."""
    while i > floor and i < len(data) and (data[i] & 0xC0) == 0x80:
        i -= 1
    return i


def changed_span(old: bytes, new: bytes) -> tuple[int, int, int]:
    """(start, old_end, new_end): the smallest byte range that differs, on character boundaries.

    Never splits a UTF-8 character or a ``\\r\\n`` pair, so both ends are valid LSP positions.
    """
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    s = 0
    while s < n - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    start = _char_start(old, p)
    if start > 0 and old[start - 1 : start] == b"\r":
        start -= 1
    old_end, new_end = len(old) - s, len(new) - s
    while old_end < len(old) and (old[old_end] & 0xC0) == 0x80:
        old_end += 1
        new_end += 1
    if old_end < len(old) and old[old_end : old_end + 1] == b"\n" and old[old_end - 1 : old_end] == b"\r":
        old_end += 1
        new_end += 1
    return start, old_end, new_end


# -- checking one buffer ---------------------------------------------------------------------


@dataclass
class Analysis:
    """One version of one buffer, checked."""

    uri: str
    version: int | None
    data: bytes
    src: SourceFile
    result: FileResult | None = None
    rules: tuple = ()
    settings: Settings = field(default_factory=Settings)
    go_version: tuple[int, int] | None = None
    abspath: str | None = None
    problem: str | None = None  # bad configuration: shown as one diagnostic
    # a quick check (package-wide rules left out) shows their findings from the last full check,
    # moved with the edit; the full check that follows replaces them
    complete: bool = True
    carried: list[Finding] = field(default_factory=list)
    _fixed: bytes | None = field(default=None, repr=False)

    @property
    def findings(self) -> list[Finding]:
        if self.result is None or self.result.error:
            return []
        own = [loc.finding for loc in self.result.findings]
        if not self.carried:
            return own
        return sorted(own + self.carried, key=lambda f: (f.start, f.rule))

    def fix_all(self) -> bytes:
        """The buffer after the engine's fixpoint (safe fixes, and unsafe ones if configured)."""
        if self._fixed is None:
            if not self.findings:
                self._fixed = self.data
            else:
                rules = [t() for t in self.rules]
                res = engine.process(
                    self.uri, self.data, rules, self.settings, self.go_version, fix=True, abspath=self.abspath
                )
                self._fixed = res.fixed if res.error is None else self.data
        return self._fixed


def _path_of(uri: str) -> Path | None:
    if urlparse(uri).scheme != "file":
        return None
    try:
        p = to_fs_path(uri)
    except Exception:  # noqa: BLE001
        return None
    return Path(p) if p else None


def carry(old: Analysis | None, new_data: bytes, codes: set[str]) -> list[Finding]:
    """The old analysis's findings of ``codes`` that the edit did not touch, moved to the new text.

    A finding whose lines the edit touches is dropped, and a fix with an edit that overlaps the
    changed bytes is dropped from its finding: they may no longer be true, and the full check is
    moments away."""
    if old is None or not old.complete or not codes:
        return []
    start, old_end, new_end = changed_span(old.data, new_data)
    delta = new_end - old_end

    def moved(a: int, b: int) -> tuple[int, int] | None:
        if a < start and b <= start:
            return a, b
        if a >= old_end:
            return a + delta, b + delta
        return None

    out = []
    for f in old.findings:
        if f.rule not in codes:
            continue
        # an edit on the finding's own lines may have changed what it says (`c.n++` became
        # guarded): such a finding waits for the full check
        first = old.data.rfind(b"\n", 0, f.start) + 1
        last = old.data.find(b"\n", f.end)
        if moved(first, len(old.data) if last == -1 else last + 1) is None:
            continue
        span = moved(f.start, f.end)
        if span is None:
            continue
        fix = f.fix
        if fix is not None:
            edits = [moved(e.start, e.end) for e in fix.edits]
            if all(e is not None for e in edits):
                fix = dataclasses.replace(
                    fix, edits=tuple(Edit(s, e, ed.new) for (s, e), ed in zip(edits, fix.edits))  # type: ignore[misc]
                )
            else:
                fix = None
        out.append(dataclasses.replace(f, start=span[0], end=span[1], fix=fix))
    return out


def analyze(uri: str, text: str, version: int | None, quick: bool = False, previous: Analysis | None = None) -> Analysis:
    """Check one buffer: the engine on its UTF-8 bytes, no fixing, no verification.

    ``quick`` leaves out the package-wide rules (GF403 rebuilds a model of the package on every
    change: most of a keystroke's cost) and shows their findings from ``previous`` instead."""
    # a lone surrogate cannot be UTF-8: "?" keeps it one character wide, so columns still agree
    data = text.encode("utf-8", errors="replace")
    a = Analysis(uri, version, data, SourceFile(uri, data))
    path = _path_of(uri)
    finder = config.Finder()
    directory = path.parent if path is not None else Path.cwd()
    try:
        cfg = finder.for_dir(directory)
    except config.ConfigError as e:
        a.problem = f"gofixer: bad configuration: {e}"
        return a
    if path is not None and cfg.excludes(path):
        return a  # as `gofixer ./...` would: excluded files are not checked
    if discover.is_generated(data):
        return a
    try:
        chosen = registry.select(cfg.select, cfg.ignore + (cfg.ignored_for(path) if path else ()), preview=bool(cfg.preview))
    except registry.UnknownRule as e:
        a.problem = f"gofixer: bad configuration: {cfg.path}: {e}"
        return a
    a.rules = tuple(chosen)
    a.settings = Settings(
        unsafe_fixes=bool(cfg.unsafe_fixes), http=cfg.http, preview=registry.preview_codes(chosen, cfg.select, bool(cfg.preview))
    )
    root = discover.find_module_root(directory) if path is not None else None
    a.go_version = discover.module_go_version(root / "go.mod") if root else None
    a.abspath = str(path) if path is not None else None
    display = str(path) if path is not None else uri
    run = a.rules
    if quick and any(t.package_wide for t in a.rules):
        run = tuple(t for t in a.rules if not t.package_wide)
        a.complete = False
        a.carried = carry(previous, data, {t.code for t in a.rules if t.package_wide})
    a.result = engine.process(display, data, [t() for t in run], a.settings, a.go_version, fix=False, abspath=a.abspath)
    return a


# -- LSP payloads ----------------------------------------------------------------------------


def diagnostic(f: Finding, pos: Positions) -> types.Diagnostic:
    href = rule_docs_uri(f.rule)
    return types.Diagnostic(
        range=pos.range(f.start, f.end),
        message=f.message,
        severity=types.DiagnosticSeverity.Warning,
        code=f.rule,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        data={"name": f.name, "fixable": f.fix is not None},
    )


def diagnostics(a: Analysis, pos: Positions) -> list[types.Diagnostic]:
    if a.problem:
        return [
            types.Diagnostic(
                range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)),
                message=a.problem,
                severity=types.DiagnosticSeverity.Error,
                source=SOURCE,
            )
        ]
    return [diagnostic(f, pos) for f in a.findings]


def fix_edits(a: Analysis, f: Finding) -> list[Edit]:
    """One finding's edits plus the import edits it needs, all against the buffer as it is."""
    assert f.fix is not None
    out = set(f.fix.edits)
    if f.fix.imports:
        out |= set(add_imports(a.src, parse(a.data).root_node, list(f.fix.imports)))
    return sorted(out)


def fix_title(f: Finding) -> str:
    assert f.fix is not None
    title = f"Fix {f.rule}: {f.fix.description}"
    if f.fix.applicability is Applicability.UNSAFE:
        title += " (unsafe, not verified)"
    return title


def _kind_wanted(kind: str, only: list[str] | None) -> bool:
    """LSP kinds are hierarchical: asking for ``source.fixAll`` gets ``source.fixAll.gofixer``."""
    if not only:
        return True
    return any(kind == o or kind.startswith(o + ".") for o in only)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if a_start == a_end or b_start == b_end:  # an empty range touches what contains it
        return b_start <= a_start <= b_end or a_start <= b_start <= a_end
    return a_start < b_end and b_start < a_end


class GofixerServer(LanguageServer):
    """pygls server; checks run on one worker thread (the tree-sitter parser is per process)."""

    def __init__(self) -> None:
        super().__init__("gofixer", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.analyses: dict[str, Analysis] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gofixer-check")
        self.full_check_delay = 0.3  # seconds of rest before the package-wide rules run
        self._wake: dict[str, asyncio.Event] = {}
        self._dirty: set[str] = set()
        self._tasks: dict[str, asyncio.Task] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None

    # -- plumbing ------------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            return self.workspace.position_encoding or UTF16
        except Exception:  # noqa: BLE001 - before initialize
            return UTF16

    def positions(self, a: Analysis) -> Positions:
        return Positions(a.src, self.encoding)

    def document(self, uri: str):
        """The open document, or None (never read from disk behind the editor's back)."""
        docs = self.workspace.text_documents
        return docs.get(uri) or docs.get(unquote(uri))

    def report(self, what: str, exc: BaseException | None = None) -> None:
        """Log an error to stderr and to the client; callable from the worker thread too."""
        detail = "".join(traceback.format_exception(exc)) if exc else ""
        log.error("%s\n%s", what, detail)
        params = types.LogMessageParams(type=types.MessageType.Error, message=f"{what}\n{detail}".rstrip())

        def send() -> None:
            try:
                self.window_log_message(params)
            except Exception:  # noqa: BLE001
                pass

        if self._loop is not None and threading.get_ident() != self._loop_thread:
            self._loop.call_soon_threadsafe(send)
        else:
            send()

    def _remember_loop(self) -> None:
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
            self._loop_thread = threading.get_ident()

    async def analysis_now(self, uri: str) -> Analysis | None:
        """The analysis of the document's current text (reused when its version is current)."""
        task = self._tasks.get(uri)
        if task is not None:  # a check is running: its result is likely the one we need
            try:
                await asyncio.wait_for(asyncio.shield(task), timeout=30)
            except Exception:  # noqa: BLE001 - then check here
                pass
        doc = self.document(uri)
        if doc is None:
            return None
        have = self.analyses.get(uri)
        text = doc.source
        if have is not None and have.version == doc.version and have.data == text.encode("utf-8", errors="replace"):
            return have
        loop = asyncio.get_running_loop()
        a = await loop.run_in_executor(self._executor, analyze, uri, text, doc.version)
        self.analyses[uri] = a
        return a

    async def in_worker(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)

    async def _rest(self, uri: str) -> None:
        """Wait ``full_check_delay`` seconds, or less when the buffer changes again."""
        woken = self._wake.setdefault(uri, asyncio.Event())
        woken.clear()
        if uri in self._dirty:
            return
        try:
            await asyncio.wait_for(woken.wait(), self.full_check_delay)
        except asyncio.TimeoutError:
            pass

    def schedule(self, uri: str) -> None:
        """Check the document soon; edits that arrive meanwhile are folded into one check."""
        self._remember_loop()
        self._dirty.add(uri)
        woken = self._wake.get(uri)
        if woken is not None:
            woken.set()
        if uri not in self._tasks:
            self._tasks[uri] = asyncio.ensure_future(self._check_loop(uri))

    async def _check_loop(self, uri: str) -> None:
        try:
            while uri in self._dirty:
                self._dirty.discard(uri)
                doc = self.document(uri)
                if doc is None:
                    return
                text, version = doc.source, doc.version
                previous = self.analyses.get(uri)
                # a changed buffer is answered in two steps: the quick check (package-wide rules
                # left out, their last findings moved with the edit), then the full one
                steps = (True, False) if previous is not None and previous.complete else (False,)
                for quick in steps:
                    try:
                        a = await self.in_worker(analyze, uri, text, version, quick, previous)
                    except Exception as e:  # noqa: BLE001 - log, keep serving
                        self.report(f"gofixer: checking {uri} failed", e)
                        a = None
                    if uri in self._dirty:
                        break  # the buffer changed while we checked: check the new text
                    if self.document(uri) is None:
                        return
                    if a is None:
                        self.publish(uri, version, [])
                        break
                    if a.complete:  # the full check (or a quick one with no package-wide rule)
                        self.analyses[uri] = a
                    self.publish(uri, version, diagnostics(a, self.positions(a)))
                    if a.complete:
                        break
                    # while the user types, the full check would only delay the next quick one
                    # (checks share one worker): run it once the buffer has rested
                    await self._rest(uri)
                    if uri in self._dirty:
                        break
        except Exception as e:  # noqa: BLE001
            self.report(f"gofixer: internal error while checking {uri}", e)
        finally:
            self._tasks.pop(uri, None)

    def publish(self, uri: str, version: int | None, diags: list[types.Diagnostic]) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diags, version=version)
        )

    # -- code actions --------------------------------------------------------------------------

    def workspace_edit(self, a: Analysis, edits: list[types.TextEdit]) -> types.WorkspaceEdit:
        caps = self.client_capabilities
        document_changes = bool(
            caps and caps.workspace and caps.workspace.workspace_edit and caps.workspace.workspace_edit.document_changes
        )
        if document_changes:
            return types.WorkspaceEdit(
                document_changes=[
                    types.TextDocumentEdit(
                        text_document=types.OptionalVersionedTextDocumentIdentifier(uri=a.uri, version=a.version),
                        edits=edits,
                    )
                ]
            )
        return types.WorkspaceEdit(changes={a.uri: edits})

    def code_actions(self, a: Analysis, params: types.CodeActionParams) -> list[types.CodeAction]:
        pos = self.positions(a)
        only = list(params.context.only) if params.context and params.context.only else None
        start = pos.offset(params.range.start)
        end = pos.offset(params.range.end)
        out: list[types.CodeAction] = []
        findings = a.findings
        if _kind_wanted(types.CodeActionKind.QuickFix, only):
            for f in findings:
                if f.fix is None or not _overlaps(f.start, f.end, start, end):
                    continue
                try:
                    edits = fix_edits(a, f)
                except Exception as e:  # noqa: BLE001 - one bad fix must not hide the others
                    self.report(f"gofixer: cannot build the fix for {f.rule} in {a.uri}", e)
                    continue
                text_edits = [
                    types.TextEdit(range=pos.range(e.start, e.end), new_text=e.new.decode("utf-8", errors="replace"))
                    for e in edits
                ]
                out.append(
                    types.CodeAction(
                        title=fix_title(f),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[diagnostic(f, pos)],
                        edit=self.workspace_edit(a, text_edits),
                        is_preferred=f.fix.applicability is Applicability.SAFE,
                    )
                )
        if _kind_wanted(FIX_ALL_KIND, only) and any(
            f.fix is not None and (f.fix.applicability is Applicability.SAFE or a.settings.unsafe_fixes)
            for f in findings
        ):
            title = FIX_ALL_TITLE
            if a.settings.unsafe_fixes and any(
                f.fix is not None and f.fix.applicability is Applicability.UNSAFE for f in findings
            ):
                title += " (includes unsafe fixes, not verified)"
            action = types.CodeAction(title=title, kind=FIX_ALL_KIND, data={"uri": a.uri, "version": a.version})
            if self.resolves_edits:
                out.append(action)  # the fixpoint runs only if the user picks it (codeAction/resolve)
            elif self.resolve_fix_all(a, action).edit is not None:
                out.append(action)
        return out

    @property
    def resolves_edits(self) -> bool:
        """Does the client fill in a code action's edit lazily (``codeAction/resolve``)?"""
        caps = self.client_capabilities
        ca = caps.text_document.code_action if caps and caps.text_document else None
        return bool(ca and ca.data_support and ca.resolve_support and "edit" in ca.resolve_support.properties)

    def resolve_fix_all(self, a: Analysis, action: types.CodeAction) -> types.CodeAction:
        """Fill in fix-all's edit: one TextEdit over the range the fixpoint changed."""
        fixed = a.fix_all()
        if fixed != a.data:
            pos = self.positions(a)
            s, old_end, new_end = changed_span(a.data, fixed)
            edit = types.TextEdit(range=pos.range(s, old_end), new_text=fixed[s:new_end].decode("utf-8", errors="replace"))
            action.edit = self.workspace_edit(a, [edit])
        return action


def create_server() -> GofixerServer:
    server = GofixerServer()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: GofixerServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: GofixerServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False))
    async def did_save(ls: GofixerServer, params: types.DidSaveTextDocumentParams) -> None:
        # the config, go.mod or the package's other files may have changed: forget the last check
        ls.analyses.pop(params.text_document.uri, None)
        ls.schedule(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: GofixerServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.analyses.pop(uri, None)
        ls._dirty.discard(uri)
        ls.publish(uri, None, [])

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll, FIX_ALL_KIND],
            resolve_provider=True,
        ),
    )
    async def code_action(ls: GofixerServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        ls._remember_loop()
        try:
            a = await ls.analysis_now(uri)
            if a is None or a.result is None:
                return None
            return await ls.in_worker(ls.code_actions, a, params)
        except Exception as e:  # noqa: BLE001 - an empty answer, never a dead server
            ls.report(f"gofixer: code actions for {uri} failed", e)
            return None

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: GofixerServer, action: types.CodeAction) -> types.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("uri")
        if action.edit is not None or action.kind != FIX_ALL_KIND or not isinstance(uri, str):
            return action
        try:
            a = await ls.analysis_now(uri)
            if a is None or a.result is None:
                return action
            # the buffer may have changed since the action was offered: fix what it is now
            return await ls.in_worker(ls.resolve_fix_all, a, action)
        except Exception as e:  # noqa: BLE001
            ls.report(f"gofixer: resolving {action.title!r} for {uri} failed", e)
            return action

    return server


def serve() -> None:
    """Serve over stdin/stdout until the client says exit."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="gofixer lsp: %(levelname)s %(message)s")
    create_server().start_io()
