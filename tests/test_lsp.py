"""``gofixer lsp`` end to end through a real LSP client (pytest-lsp starts ``python -m gofixer lsp``).

Each protocol test runs three times, with the capabilities of three real clients: VS Code (no
position encoding offered: UTF-16; ``documentChanges`` edits), Neovim 0.11 (prefers UTF-8;
``changes`` edits) and Emacs 29 (prefers UTF-32). The client-side helpers below apply edits with
their own position arithmetic on ``str``, independent of the server's, so a wrong column in any
encoding shows up as wrong text.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import pytest_lsp
from hypothesis import given
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features
from pygls.protocol import default_converter
from pygls.uris import from_fs_path

from gofixer import lsp
from gofixer.model import Applicability, Edit, Fix, Finding
from gofixer.source import SourceFile

# -- Go sources ------------------------------------------------------------------------------

# the defect's line starts with multi-byte characters: é (2 UTF-8 bytes, 1 UTF-16 unit) and 😀
# (4 bytes, 2 units, 1 code point), so each encoding gives a different column for the finding
LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	/* héllo 😀 */ ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func use(ctx context.Context) error { return ctx.Err() }
"""

FIXED = LEAK.replace("ctx, _ :=", "ctx, cancel :=").replace(
    "time.Second)\n", "time.Second)\n\tdefer cancel()\n", 1
)

CALL = "context.WithTimeout(parent, time.Second)"
LINE = 8  # 0-based line of the defect
PREFIX = "\t/* héllo 😀 */ ctx, _ := "  # text before the call on that line

# the derived context is used by a goroutine that may outlive the function: GF301's fix is unsafe
SPAWN = """package p

import (
	"context"
	"time"
)

func Spawn(parent context.Context) {
	ctx, _ := context.WithTimeout(parent, time.Second)
	go func() { _ = use(ctx) }()
}

func use(ctx context.Context) error { return ctx.Err() }
"""

MULTI = LEAK + """
func Load2(parent context.Context) error {
	ctx, _ := context.WithCancel(parent)
	return use(ctx)
}

func Spawn(parent context.Context) {
	ctx, _ := context.WithTimeout(parent, time.Second)
	go func() { _ = use(ctx) }()
}
"""

# fix-all: the two safe fixes, not the unsafe one
MULTI_FIXED = FIXED + """
func Load2(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	return use(ctx)
}

func Spawn(parent context.Context) {
	ctx, _ := context.WithTimeout(parent, time.Second)
	go func() { _ = use(ctx) }()
}
"""

BROKEN = "package p\n\nfunc Load( {\n\tctx, _ := context.WithTimeout(\n"

CLIENTS = {
    "visual-studio-code": "utf-16",
    "neovim@v0.11": "utf-8",
    "emacs": "utf-32",
}


# -- client-side position arithmetic (independent of the server's) -------------------------


def units(ch: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(ch.encode("utf-8"))
    if encoding == "utf-32":
        return 1
    return 2 if ord(ch) > 0xFFFF else 1


def column(text: str, line: int, index_in_line: int, encoding: str) -> int:
    return sum(units(c, encoding) for c in text.split("\n")[line][:index_in_line])


def to_index(text: str, pos: types.Position, encoding: str) -> int:
    lines = text.split("\n")
    start = sum(len(l) + 1 for l in lines[: pos.line])
    count = 0
    i = 0
    line = lines[pos.line] if pos.line < len(lines) else ""
    while i < len(line) and count < pos.character:
        count += units(line[i], encoding)
        i += 1
    assert count == pos.character, f"position {pos} falls inside a character"
    return start + i


def apply_edits(text: str, edits: list[types.TextEdit], encoding: str) -> str:
    spans = [(to_index(text, e.range.start, encoding), to_index(text, e.range.end, encoding), e.new_text) for e in edits]
    for s, e, new in sorted(spans, key=lambda t: (t[0], t[1]), reverse=True):
        text = text[:s] + new + text[e:]
    return text


def edits_for(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    if edit.document_changes:
        out = []
        for dc in edit.document_changes:
            assert isinstance(dc, types.TextDocumentEdit) and dc.text_document.uri == uri
            out.extend(dc.edits)
        return out
    assert edit.changes is not None
    return list(edit.changes[uri])


# -- the client fixture ----------------------------------------------------------------------


def make_client() -> LanguageClient:
    """pytest-lsp's client, but remembering the version each diagnostics batch is for."""
    client = LanguageClient(converter_factory=default_converter)
    features = dict(DEFAULT_CLIENT_FEATURES)
    published: dict[str, list[types.PublishDiagnosticsParams]] = {}

    def on_publish(c: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        c.diagnostics[params.uri] = params.diagnostics
        published.setdefault(params.uri, []).append(params)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = on_publish
    register_lsp_features(client, features)
    client.published = published  # type: ignore[attr-defined]
    return client


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=[sys.executable, "-m", "gofixer", "lsp"],
        client_factory=make_client,
        server_env={k: v for k, v in os.environ.items() if k != lsp.DOCS_URL_ENV},  # links to the rule modules
    ),
    params=list(CLIENTS),
    scope="module",  # one server per client kind, shared by the tests (each uses its own files)
)
async def client(lsp_client: LanguageClient, request):
    caps = client_capabilities(request.param)
    result = await lsp_client.initialize_session(types.InitializeParams(capabilities=caps))
    lsp_client.encoding = CLIENTS[request.param]  # type: ignore[attr-defined]
    lsp_client.init_result = result  # type: ignore[attr-defined]
    yield
    await lsp_client.shutdown_session()


async def diagnostics_for(client: LanguageClient, uri: str, version: int, timeout: float = 20) -> list[types.Diagnostic]:
    """Wait for the diagnostics of exactly this version of the document."""

    async def wait() -> list[types.Diagnostic]:
        while True:
            for p in reversed(client.published.get(uri, [])):  # type: ignore[attr-defined]
                if p.version == version:
                    return list(p.diagnostics)
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), timeout)


async def save_and_wait(client: LanguageClient, uri: str, timeout: float = 20) -> list[types.Diagnostic]:
    """didSave, then the diagnostics batch the save's re-check publishes."""
    before = len(client.published.get(uri, []))  # type: ignore[attr-defined]
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))

    async def wait() -> list[types.Diagnostic]:
        while len(client.published.get(uri, [])) <= before:  # type: ignore[attr-defined]
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.published[uri][-1].diagnostics)  # type: ignore[attr-defined]

    return await asyncio.wait_for(wait(), timeout)


def module(tmp_path: Path, text: str = LEAK, name: str = "load.go") -> tuple[Path, str]:
    (tmp_path / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (tmp_path / "p").mkdir(exist_ok=True)
    path = tmp_path / "p" / name
    path.write_text(text, encoding="utf-8")
    return path, from_fs_path(str(path))


def open_doc(client: LanguageClient, uri: str, text: str, version: int = 1) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="go", version=version, text=text)
        )
    )


async def code_actions(
    client: LanguageClient, uri: str, rng: types.Range, diags: list[types.Diagnostic], only: list[str] | None = None
) -> list[types.CodeAction]:
    res = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=diags, only=only),
        )
    )
    return [a for a in res or [] if isinstance(a, types.CodeAction)]


async def resolved(client: LanguageClient, action: types.CodeAction) -> types.CodeAction:
    """Fix-all's edit: filled in by codeAction/resolve for clients that support it, else eager."""
    lazy = client.capabilities.text_document.code_action.resolve_support is not None
    assert (action.edit is None) == lazy
    if lazy:
        action = await client.code_action_resolve_async(action)
    assert action.edit is not None
    return action


# -- protocol tests --------------------------------------------------------------------------

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.asyncio(loop_scope="module")
async def test_negotiates_the_position_encoding(client: LanguageClient):
    assert client.init_result.capabilities.position_encoding == client.encoding
    assert client.init_result.server_info.name == "gofixer"
    cap = client.init_result.capabilities.code_action_provider
    assert lsp.FIX_ALL_KIND in cap.code_action_kinds and types.CodeActionKind.QuickFix in cap.code_action_kinds


@pytest.mark.asyncio(loop_scope="module")
async def test_diagnostic_on_open_has_the_right_range_code_and_link(client: LanguageClient, tmp_path):
    _, uri = module(tmp_path)
    open_doc(client, uri, LEAK)
    diags = await diagnostics_for(client, uri, 1)
    assert len(diags) == 1
    d = diags[0]
    enc = client.encoding
    start_col = column(LEAK, LINE, len(PREFIX), enc)
    assert (d.range.start.line, d.range.start.character) == (LINE, start_col)
    assert (d.range.end.line, d.range.end.character) == (LINE, start_col + len(CALL))
    # the columns really differ per encoding (the test would not notice a mix-up otherwise)
    assert start_col == {"utf-8": 29, "utf-16": 26, "utf-32": 25}[enc]
    assert d.code == "GF301" and d.source == "gofixer"
    assert d.severity == types.DiagnosticSeverity.Warning
    assert "never called" in d.message
    doc = Path(urlparse(d.code_description.href).path)
    assert doc.is_file() and "GF301 lost-cancel" in doc.read_text(encoding="utf-8")


@pytest.mark.asyncio(loop_scope="module")
async def test_quick_fix_turns_the_buffer_into_the_fixed_text(client: LanguageClient, tmp_path):
    _, uri = module(tmp_path)
    open_doc(client, uri, LEAK)
    diags = await diagnostics_for(client, uri, 1)
    actions = await code_actions(client, uri, diags[0].range, diags)
    quick = [a for a in actions if a.kind == types.CodeActionKind.QuickFix]
    assert len(quick) == 1
    fix = quick[0]
    assert fix.title == "Fix GF301: name the cancel function cancel and defer cancel()"
    assert fix.is_preferred and fix.diagnostics and fix.diagnostics[0].code == "GF301"
    assert apply_edits(LEAK, edits_for(fix.edit, uri), client.encoding) == FIXED


@pytest.mark.asyncio(loop_scope="module")
async def test_fix_all_is_a_source_fix_all_action(client: LanguageClient, tmp_path):
    text = MULTI
    _, uri = module(tmp_path, text)
    open_doc(client, uri, text)
    diags = await diagnostics_for(client, uri, 1)
    assert [d.code for d in diags] == ["GF301"] * 3  # two safe, one unsafe (the goroutine)
    for only in ([types.CodeActionKind.SourceFixAll], [lsp.FIX_ALL_KIND], None):
        actions = await code_actions(client, uri, diags[0].range, [], only=only)
        fix_all = [a for a in actions if a.kind == lsp.FIX_ALL_KIND]
        assert len(fix_all) == 1, only
        assert fix_all[0].title == "Fix all gofixer issues in file"
        edits = edits_for((await resolved(client, fix_all[0])).edit, uri)
        assert len(edits) == 1  # one edit over the changed range
        assert apply_edits(text, edits, client.encoding) == MULTI_FIXED  # unsafe fixes need unsafe_fixes
    quick_only = await code_actions(client, uri, diags[0].range, diags, only=[types.CodeActionKind.QuickFix])
    assert quick_only and all(a.kind == types.CodeActionKind.QuickFix for a in quick_only)


@pytest.mark.asyncio(loop_scope="module")
async def test_unsafe_quick_fix_says_so_and_fix_all_follows_the_config(client: LanguageClient, tmp_path):
    _, uri = module(tmp_path, SPAWN)
    open_doc(client, uri, SPAWN)
    diags = await diagnostics_for(client, uri, 1)
    assert [d.code for d in diags] == ["GF301"]
    actions = await code_actions(client, uri, diags[0].range, diags)
    assert [a.kind for a in actions] == [types.CodeActionKind.QuickFix]  # no fix-all: nothing safe to apply
    assert actions[0].title.endswith("(unsafe, not verified)") and not actions[0].is_preferred
    assert "defer cancel()" in apply_edits(SPAWN, edits_for(actions[0].edit, uri), client.encoding)

    (tmp_path / ".gofixer.toml").write_text("unsafe_fixes = true\n")
    assert len(await save_and_wait(client, uri)) == 1
    actions = await code_actions(client, uri, diags[0].range, [], only=[types.CodeActionKind.SourceFixAll])
    assert len(actions) == 1
    assert actions[0].title == "Fix all gofixer issues in file (includes unsafe fixes, not verified)"
    assert "defer cancel()" in apply_edits(SPAWN, edits_for((await resolved(client, actions[0])).edit, uri), client.encoding)


@pytest.mark.asyncio(loop_scope="module")
async def test_did_change_updates_then_clears_diagnostics(client: LanguageClient, tmp_path):
    _, uri = module(tmp_path)
    open_doc(client, uri, LEAK)
    assert (await diagnostics_for(client, uri, 1))[0].range.start.line == LINE
    # an incremental edit: two new lines (one with a multi-byte character) above the function
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[
                types.TextDocumentContentChangePartial(
                    range=types.Range(start=types.Position(line=7, character=0), end=types.Position(line=7, character=0)),
                    text="// Load lädt.\n// Twice.\n",
                )
            ],
        )
    )
    diags = await diagnostics_for(client, uri, 2)
    assert [(d.code, d.range.start.line) for d in diags] == [("GF301", LINE + 2)]
    text = LEAK.replace("func Load", "// Load lädt.\n// Twice.\nfunc Load", 1)
    # apply the quick fix the way an editor does: its edits, last first, sent back as changes
    fix = [a for a in await code_actions(client, uri, diags[0].range, diags) if a.kind == "quickfix"][0]
    edits = sorted(edits_for(fix.edit, uri), key=lambda e: (e.range.start.line, e.range.start.character), reverse=True)
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=3),
            content_changes=[types.TextDocumentContentChangePartial(range=e.range, text=e.new_text) for e in edits],
        )
    )
    assert await diagnostics_for(client, uri, 3) == []
    assert apply_edits(text, edits, client.encoding) == FIXED.replace("func Load", "// Load lädt.\n// Twice.\nfunc Load", 1)
    # the buffer is what counts, not the file on disk (which still has the defect)
    assert (await code_actions(client, uri, diags[0].range, [])) == []
    # the whole text replaced by the defective one again: the diagnostic is back
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=4),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=LEAK)],
        )
    )
    assert [(d.code, d.range.start.line) for d in await diagnostics_for(client, uri, 4)] == [("GF301", LINE)]


@pytest.mark.asyncio(loop_scope="module")
async def test_a_burst_of_changes_ends_with_the_diagnostics_of_the_last_text(client: LanguageClient, tmp_path):
    _, uri = module(tmp_path)
    open_doc(client, uri, LEAK)
    await diagnostics_for(client, uri, 1)
    for v in range(2, 12):
        text = FIXED if v % 2 == 0 else LEAK
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=v),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
    assert [d.code for d in await diagnostics_for(client, uri, 11)] == ["GF301"]
    for p in client.published[uri]:
        assert (p.version % 2 == 1) == bool(p.diagnostics)  # never stale diagnostics for a version


@pytest.mark.asyncio(loop_scope="module")
async def test_bad_input_does_not_kill_the_server(client: LanguageClient, tmp_path):
    _, uri = module(tmp_path, BROKEN)
    open_doc(client, uri, BROKEN)
    assert await diagnostics_for(client, uri, 1) == []  # syntax errors: no diagnostics
    whole = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=99, character=99))
    assert await code_actions(client, uri, whole, []) == []
    # a document nobody opened, a position far outside the text, NUL bytes
    stray = from_fs_path(str(tmp_path / "p" / "nope.go"))
    assert await code_actions(client, stray, whole, []) == []
    _, nul_uri = module(tmp_path, "package p\x00\n", "nul.go")
    open_doc(client, nul_uri, "package p\x00\n")
    assert await diagnostics_for(client, nul_uri, 1) == []
    # still serving
    _, good = module(tmp_path, LEAK, "good.go")
    open_doc(client, good, LEAK)
    assert [d.code for d in await diagnostics_for(client, good, 1)] == ["GF301"]
    actions = await code_actions(client, good, whole, [])
    assert {a.kind for a in actions} == {types.CodeActionKind.QuickFix, lsp.FIX_ALL_KIND}


@pytest.mark.asyncio(loop_scope="module")
async def test_configuration_selects_rules_and_reports_a_bad_file(client: LanguageClient, tmp_path):
    path, uri = module(tmp_path)
    (tmp_path / ".gofixer.toml").write_text('ignore = ["GF301"]\n')
    open_doc(client, uri, LEAK)
    assert await diagnostics_for(client, uri, 1) == []
    (tmp_path / ".gofixer.toml").write_text("select = [\n")
    diags = await save_and_wait(client, uri)
    assert len(diags) == 1 and diags[0].severity == types.DiagnosticSeverity.Error
    assert "bad configuration" in diags[0].message and "invalid TOML" in diags[0].message


@pytest.mark.asyncio(loop_scope="module")
async def test_close_clears_diagnostics(client: LanguageClient, tmp_path):
    _, uri = module(tmp_path)
    open_doc(client, uri, LEAK)
    assert await diagnostics_for(client, uri, 1)
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    before = len(client.published[uri])

    async def cleared() -> types.PublishDiagnosticsParams:
        while len(client.published[uri]) == before:
            await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return client.published[uri][-1]

    last = await asyncio.wait_for(cleared(), 20)
    assert list(last.diagnostics) == []


# -- unit tests of the position and edit arithmetic ------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_positions_agree_with_the_client_side_arithmetic(encoding):
    text = "\ufeffpackage p // 😀é\r\nvar s = \"日本😀\"\n"
    src = SourceFile("x.go", text.encode("utf-8"))
    pos = lsp.Positions(src, encoding)
    for i in range(len(text) + 1):
        if text[i - 1 : i + 1] == "\r\n":
            continue  # between \r and \n is no LSP position
        off = len(text[:i].encode("utf-8"))
        line = text[:i].count("\n")
        in_line = i - (text.rfind("\n", 0, i) + 1)
        p = pos.position(off)
        assert (p.line, p.character) == (line, column(text, line, in_line, encoding))
        assert pos.offset(p) == off
    # a column past the end of a line clamps to the line's end (before \r\n)
    assert pos.offset(types.Position(line=0, character=999)) == len(text[: text.index("\r")].encode("utf-8"))
    assert pos.offset(types.Position(line=9, character=0)) == len(src.data)


@given(st.text(alphabet="a\n\r😀é日\t", max_size=30), st.text(alphabet="a\n\r😀é日\t", max_size=30))
def test_changed_span_rebuilds_the_new_text_on_character_boundaries(old, new):
    o, n = old.encode(), new.encode()
    s, old_end, new_end = lsp.changed_span(o, n)
    assert o[:s] + n[s:new_end] + o[old_end:] == n
    o[:s].decode(), o[s:old_end].decode(), n[s:new_end].decode()  # no split UTF-8 character
    assert not (o[s - 1 : s] == b"\r" and o[s : s + 1] == b"\n")


def test_quick_fix_includes_the_imports_it_needs():
    text = b'package p\n\nimport "context"\n\nfunc f(ctx context.Context) {}\n'
    a = lsp.Analysis("file:///x.go", 1, text, SourceFile("x.go", text))
    at = text.index(b"{}")
    f = Finding("GF999", "demo", at, at + 2, "m", Fix("wait", (Edit(at + 1, at + 1, b"time.Sleep(1)"),), Applicability.UNSAFE, ("time",)))
    out = text
    for e in sorted(lsp.fix_edits(a, f), reverse=True):
        out = out[: e.start] + e.new + out[e.end :]
    assert b'"time"' in out and b"{time.Sleep(1)}" in out
    assert lsp.fix_title(f) == "Fix GF999: wait (unsafe, not verified)"


def test_rule_docs_link_follows_the_sarif_template_when_configured(monkeypatch):
    lsp.rule_docs_uri.cache_clear()
    monkeypatch.setenv(lsp.DOCS_URL_ENV, "https://docs.example.org/rules/{code}-{name}")
    assert lsp.rule_docs_uri("GF301") == "https://docs.example.org/rules/GF301-lost-cancel"
    lsp.rule_docs_uri.cache_clear()
    monkeypatch.delenv(lsp.DOCS_URL_ENV)
    assert lsp.rule_docs_uri("GF301").startswith("file://") and lsp.rule_docs_uri("GF999") is None
    lsp.rule_docs_uri.cache_clear()


def test_lsp_command_help_and_clean_exit(tmp_path):
    out = subprocess.run([sys.executable, "-m", "gofixer", "lsp", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0 and "Language server" in out.stdout
    # end of input without initialize: the server exits by itself, without a traceback
    out = subprocess.run(
        [sys.executable, "-m", "gofixer", "lsp"], input="", capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert "Traceback" not in out.stderr


# -- the quick check of a keystroke (package-wide rules deferred) ----------------------------

SHARED = (Path(__file__).resolve().parent.parent / "testdata" / "GF403" / "counter_goroutines.go").read_text()


def _codes(a: lsp.Analysis) -> list[tuple[str, int, int]]:
    return [(f.rule, f.start, f.end) for f in a.findings]


def test_quick_check_carries_package_wide_findings_moved_with_the_edit(tmp_path):
    """A keystroke is answered without GF403 (it rebuilds a model of the whole package): its
    last findings are shown, moved with the edit, exactly where a full check puts them."""
    path = tmp_path / "c.go"
    path.write_text(SHARED)
    uri = from_fs_path(str(path))
    full = lsp.analyze(uri, SHARED, 1)
    assert full.complete and "GF403" in [c for c, _s, _e in _codes(full)]
    edited = SHARED.replace("// Counter counts events.", "// Counter counts events (and more).")
    quick = lsp.analyze(uri, edited, 2, quick=True, previous=full)
    assert not quick.complete
    assert [f.rule for f in quick.result.findings if f.finding.rule == "GF403"] == []  # not re-run
    again = lsp.analyze(uri, edited, 2)
    assert _codes(quick) == _codes(again)
    fix_q = next(f.fix for f in quick.findings if f.rule == "GF403")
    fix_f = next(f.fix for f in again.findings if f.rule == "GF403")
    assert fix_q.edits == fix_f.edits


def test_quick_check_drops_a_carried_finding_the_edit_touches(tmp_path):
    path = tmp_path / "c.go"
    path.write_text(SHARED)
    uri = from_fs_path(str(path))
    full = lsp.analyze(uri, SHARED, 1)
    # the edit rewrites the reported write itself: the old finding may no longer hold
    edited = SHARED.replace("{ c.n++ }", "{ c.n = c.n + 1 }")
    quick = lsp.analyze(uri, edited, 2, quick=True, previous=full)
    assert "GF403" not in [c for c, _s, _e in _codes(quick)]
    assert "GF403" in [c for c, _s, _e in _codes(lsp.analyze(uri, edited, 2))]  # the full check finds it again
