"""``check --format sarif``: valid SARIF 2.1.0, every rule described, positions in UTF-16 code
units, fixes equal to the JSON report's, fingerprints that survive moved lines.

tests/data/sarif-2.1.0.json is the official SARIF 2.1.0 (rtm.5) JSON schema, copied unchanged
from the npm package @microsoft/jest-sarif 1.0.0-beta.0 (lib/schemas/sarif-2.1.0-rtm.5.json,
MIT, Microsoft's sarif-js-sdk); the schema GitHub code scanning documents.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from gofixer import registry
from gofixer.render import sarif as sarif_render
from gofixer.source import SourceFile

from .conftest import EXAMPLES

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0.json").read_text(encoding="utf-8"))

# non-ASCII before the findings on their lines, so byte and UTF-16 columns differ:
# "é" is 2 bytes / 1 unit, "𝄞" 4 bytes / 2 units
LEAK = """package p

import (
	"context"
	"time"
)

func Load(parent context.Context) error {
	/* é𝄞 */ ctx, _ := context.WithTimeout(parent, time.Second)
	return use(ctx)
}

func Again(parent context.Context) error {
	ctx, _ := context.WithTimeout(parent, time.Second) // 𝄞
	return use(ctx)
}

func use(ctx context.Context) error { return ctx.Err() }
"""


def gofixer(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gofixer", *args], cwd=cwd, capture_output=True, text=True, env=env)


def _module(root: Path, text: str = LEAK) -> Path:
    (root / "p").mkdir(parents=True)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (root / "p" / "load.go").write_text(text, encoding="utf-8")
    return root


def _sarif(cwd: Path, *extra: str, env: dict | None = None) -> dict:
    out = gofixer("check", "--format", "sarif", *extra, cwd=cwd, env=env)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr
    return json.loads(out.stdout)


def test_examples_validate_against_the_official_schema(tmp_path):
    work = tmp_path / "examples"
    shutil.copytree(EXAMPLES, work)
    doc = _sarif(work)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    run = doc["runs"][0]
    assert len(doc["runs"]) == 1
    assert run["results"], "the examples have findings"
    assert any("fixes" in r for r in run["results"])


def test_leak_validates_and_has_the_contract_fields(tmp_path):
    mod = _module(tmp_path)
    doc = _sarif(mod)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0"
    assert run["columnKind"] == "utf16CodeUnits"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == mod.resolve().as_uri() + "/"
    res = run["results"]
    assert [r["ruleId"] for r in res] == ["GF301", "GF301"]
    rules = run["tool"]["driver"]["rules"]
    for r in res:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        assert r["level"] == "warning"
        assert r["message"]["text"].startswith("the cancel function")
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"] == {"uri": "p/load.go", "uriBaseId": "%SRCROOT%"}
        assert r["fixes"][0]["properties"]["applicability"] == "safe"


def test_every_registered_rule_is_described(tmp_path, monkeypatch):
    mod = _module(tmp_path, "package p\n\nfunc F() {}\n")  # no findings: rules still listed
    doc = _sarif(mod)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    assert doc["runs"][0]["results"] == []
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in registry.all_rules()]
    for desc, rule in zip(rules, registry.all_rules()):
        assert desc["name"] == rule.name
        assert desc["shortDescription"]["text"] == rule.summary
        assert desc["fullDescription"]["text"].startswith(f"{rule.code} {rule.name}:")
        assert "\n" not in desc["fullDescription"]["text"]
        assert desc["help"]["text"] == rule.doc()
        assert "## What it finds" in desc["help"]["markdown"] and "```go" in desc["help"]["markdown"]
        assert desc["helpUri"] == f"https://github.com/gofixer/gofixer/blob/main/docs/rules.md#{rule.code.lower()}"
        assert desc["defaultConfiguration"] == {"level": "warning"}
        assert desc["properties"]["fixClass"] == rule.fix_class.value
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["name"] == "gofixer" and driver["version"] and driver["informationUri"].startswith("https://")


def test_help_uri_is_configurable(tmp_path):
    import os

    mod = _module(tmp_path, "package p\n")
    env = dict(os.environ, GOFIXER_RULE_DOCS_URL="https://docs.example.com/rules/{code}-{name}.html")
    doc = _sarif(mod, env=env)
    uris = {r["id"]: r["helpUri"] for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    assert uris["GF301"] == "https://docs.example.com/rules/GF301-lost-cancel.html"


def test_columns_are_utf16_code_units(tmp_path):
    mod = _module(tmp_path)
    doc = _sarif(mod)
    js = json.loads(gofixer("check", "--format", "json", cwd=mod).stdout)
    first = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    jf = js["findings"][0]
    # `\t/* é𝄞 */ ctx, _ := ` is 1+3+2+4+4+10 = 24 bytes but 1+3+1+2+4+10 = 21 UTF-16 units
    assert jf["column"] == 25
    assert first == {"startLine": 9, "startColumn": 22, "endLine": 9, "endColumn": 22 + (jf["end_column"] - jf["column"])}
    second = doc["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]
    assert (second["startColumn"], second["endColumn"]) == (js["findings"][1]["column"], js["findings"][1]["end_column"])


def _back_to_bytes(src: SourceFile, line: int, col16: int) -> tuple[int, int]:
    pos = src.position(src.offset_from_utf16(line - 1, col16 - 1))
    return pos.line, pos.column


def test_sarif_fixes_equal_json_fixes(tmp_path):
    """The same run as JSON and as SARIF: every SARIF replacement, converted back from UTF-16
    to byte columns, is exactly the JSON edit (positions and new text)."""
    mod = _module(tmp_path)
    js = json.loads(gofixer("check", "--format", "json", cwd=mod).stdout)
    doc = _sarif(mod)
    src = SourceFile("p/load.go", (mod / "p" / "load.go").read_bytes())
    results = doc["runs"][0]["results"]
    assert len(results) == len(js["findings"]) == 2
    for jf, sr in zip(js["findings"], results):
        assert sr["ruleId"] == jf["rule"]
        assert sr["fixes"][0]["description"]["text"] == jf["fix"]["description"]
        changes = sr["fixes"][0]["artifactChanges"]
        assert len(changes) == 1 and changes[0]["artifactLocation"]["uri"] == jf["path"]
        got = []
        for rep in changes[0]["replacements"]:
            reg = rep["deletedRegion"]
            got.append(
                {
                    "path": changes[0]["artifactLocation"]["uri"],
                    "start": dict(zip(("line", "column"), _back_to_bytes(src, reg["startLine"], reg["startColumn"]))),
                    "end": dict(zip(("line", "column"), _back_to_bytes(src, reg["endLine"], reg["endColumn"]))),
                    "new_text": rep["insertedContent"]["text"],
                }
            )
        assert got == jf["fix"]["edits"]
    # and the conversion really happened on the line with the wide characters
    assert results[0]["fixes"][0]["artifactChanges"][0]["replacements"][0]["deletedRegion"]["startColumn"] != js["findings"][0]["fix"]["edits"][0]["start"]["column"]


def test_fingerprints_survive_moved_lines_and_tell_results_apart(tmp_path):
    mod = _module(tmp_path)
    before = [r["partialFingerprints"]["gofixer/v1"] for r in _sarif(mod)["runs"][0]["results"]]
    assert len(set(before)) == 2
    f = mod / "p" / "load.go"
    f.write_text(f.read_text(encoding="utf-8").replace("func Load", "// Load loads.\n//\n// More.\nfunc Load"), encoding="utf-8")
    doc = _sarif(mod)
    after = [r["partialFingerprints"]["gofixer/v1"] for r in doc["runs"][0]["results"]]
    assert doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 12
    assert after == before


def test_identical_lines_get_distinct_fingerprints(tmp_path):
    body = "\tctx, _ := context.WithTimeout(parent, time.Second)\n\t_ = ctx\n"
    text = "package p\n\nimport (\n\t\"context\"\n\t\"time\"\n)\n\nfunc A(parent context.Context) {\n" + body + "}\n\nfunc B(parent context.Context) {\n" + body + "}\n"
    mod = _module(tmp_path, text)
    fps = [r["partialFingerprints"]["gofixer/v1"] for r in _sarif(mod)["runs"][0]["results"]]
    assert len(fps) == 2 and fps[0] != fps[1]
    assert fps[0].split(":")[0] == fps[1].split(":")[0]


def test_uris_are_relative_to_the_repository_root(tmp_path):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # a work tree's root, as seen by source_root
    mod = _module(repo / "svc")
    doc = _sarif(mod / "p")
    run = doc["runs"][0]
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {"svc/p/load.go"}


def test_uri_escaping():
    assert sarif_render.uri("dir with space/ü.go") == "dir%20with%20space/%C3%BC.go"


def test_sarif_output_file_and_errors_as_notifications(tmp_path):
    mod = _module(tmp_path)
    # a file some rule looks at (a file no rule can match is never parsed, so never reported)
    (mod / "p" / "bad.go").write_text('package p\n\nimport "context"\n\nfunc { context.WithCancel(\n')
    out = gofixer("check", "--format", "sarif", "--output", "report.sarif", cwd=mod)
    assert out.returncode == 1 and out.stdout == ""
    doc = json.loads((mod / "report.sarif").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert any("p/bad.go" in n["message"]["text"] and "syntax error" in n["message"]["text"] for n in notes)
    assert "\x1b[" not in (mod / "report.sarif").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc_text", ["T: one.\n\nWhat it finds\n    x ``y``\n\nExample\n    a := 1\n"])
def test_doc_markdown(doc_text):
    md = sarif_render.doc_markdown(doc_text)
    assert md == "T: one.\n\n## What it finds\n\nx `y`\n\n## Example\n\n```go\na := 1\n```\n"


def test_unwritable_output_is_one_line_exit_2(tmp_path):
    mod = _module(tmp_path)
    out = gofixer("check", "--format", "sarif", "--output", str(tmp_path / "missing" / "r.sarif"), cwd=mod)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [f"gofixer: {tmp_path / 'missing' / 'r.sarif'}: cannot write: No such file or directory"]
