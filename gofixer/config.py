"""``.gofixer.toml``: per-project settings, found upward from each file (ruff's model).

Every key is validated and an error names the file and the key, because a misspelt ``slect``
that silently selected nothing would look like a clean codebase. Keys may be spelt with ``_`` or
``-``.

    select = ["GF2", "lost-cancel"]      # default: every rule
    ignore = ["GF403"]
    exclude = ["internal/legacy/*", "*_gen.go"]   # globs relative to this file's directory
    unsafe_fixes = false
    preview = false                       # also the rules and variants of the preview tier
    verify = "vet"                        # none | build | vet | test | leak

    [per_file_ignores]
    "cmd/*" = ["GF502"]

    [http]                                # values are Go durations
    read_header_timeout = "10s"
    read_timeout = "5s"
    write_timeout = "10s"
    idle_timeout = "120s"
    client_timeout = "30s"
    dial_timeout = "30s"                  # net.Dial -> net.DialTimeout (GF506)
"""

from __future__ import annotations

import fnmatch
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

NAME = ".gofixer.toml"
VERIFY_LEVELS = ("none", "build", "vet", "test", "leak")
HTTP_DEFAULTS = {
    "read_header_timeout": "10s",
    "read_timeout": "5s",
    "write_timeout": "10s",
    "idle_timeout": "120s",
    "client_timeout": "30s",
    "dial_timeout": "30s",
}
_TOP_KEYS = {"select", "ignore", "exclude", "unsafe_fixes", "preview", "verify", "per_file_ignores", "http"}
_DURATION = re.compile(r"^(?:[0-9]+(?:\.[0-9]*)?(?:ns|us|µs|ms|s|m|h))+$")


class ConfigError(ValueError):
    """Bad configuration: one line naming the file and the key."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # None: built-in defaults
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    unsafe_fixes: bool | None = None
    preview: bool | None = None
    verify: str | None = None
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    http: tuple[tuple[str, str], ...] = field(default_factory=lambda: tuple(sorted(HTTP_DEFAULTS.items())))

    @property
    def root(self) -> Path | None:
        return self.path.parent if self.path else None

    def http_timeouts(self) -> dict[str, str]:
        return dict(self.http)

    def _rel(self, file: Path) -> str | None:
        if self.root is None:
            return None
        try:
            return file.relative_to(self.root).as_posix()
        except ValueError:
            return None

    def excludes(self, file: Path) -> bool:
        rel = self._rel(file)
        return rel is not None and any(_glob(rel, pat) for pat in self.exclude)

    def ignored_for(self, file: Path) -> tuple[str, ...]:
        rel = self._rel(file)
        if rel is None:
            return ()
        out: list[str] = []
        for pat, codes in self.per_file_ignores:
            if _glob(rel, pat):
                out.extend(codes)
        return tuple(out)


def _glob(rel: str, pattern: str) -> bool:
    """fnmatch on the path relative to the config, also matching any parent directory."""
    pattern = pattern.rstrip("/")
    if fnmatch.fnmatchcase(rel, pattern):
        return True
    parts = rel.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[:i]), pattern) for i in range(1, len(parts)))


def _norm(d: dict) -> dict:
    return {str(k).replace("-", "_"): v for k, v in d.items()}


def _strings(path: Path, key: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: `{key}` must be a list of strings")
    return tuple(value)


def load(path: Path) -> Config:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from None
    data = _norm(raw)
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key `{unknown[0]}` (known: {', '.join(sorted(_TOP_KEYS))})")
    kw: dict = {"path": path.resolve()}
    for key in ("select", "ignore", "exclude"):
        if key in data:
            kw[key] = _strings(path, key, data[key])
    for key in ("unsafe_fixes", "preview"):
        if key in data:
            if not isinstance(data[key], bool):
                raise ConfigError(f"{path}: `{key}` must be true or false")
            kw[key] = data[key]
    if "verify" in data:
        if data["verify"] not in VERIFY_LEVELS:
            raise ConfigError(f"{path}: `verify` must be one of {', '.join(VERIFY_LEVELS)}, not {data['verify']!r}")
        kw["verify"] = data["verify"]
    if "per_file_ignores" in data:
        pfi = data["per_file_ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{path}: `per_file_ignores` must be a table of glob = [codes]")
        kw["per_file_ignores"] = tuple((g, _strings(path, f"per_file_ignores.{g}", v)) for g, v in pfi.items())
    if "http" in data:
        http = data["http"]
        if not isinstance(http, dict):
            raise ConfigError(f"{path}: `http` must be a table")
        http = _norm(http)
        merged = dict(HTTP_DEFAULTS)
        for k, v in http.items():
            if k not in HTTP_DEFAULTS:
                raise ConfigError(f"{path}: unknown key `http.{k}` (known: {', '.join(sorted(HTTP_DEFAULTS))})")
            if not isinstance(v, str) or not _DURATION.match(v):
                raise ConfigError(f"{path}: `http.{k}` must be a Go duration such as \"10s\", not {v!r}")
            merged[k] = v
        kw["http"] = tuple(sorted(merged.items()))
    return Config(**kw)


class Finder:
    """Nearest config upward from a directory, each file parsed once per run."""

    def __init__(self, explicit: Path | None = None):
        self._explicit = load(explicit) if explicit is not None else None
        self._by_dir: dict[Path, Config] = {}
        self._loaded: dict[Path, Config] = {}

    def for_dir(self, directory: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        chain: list[Path] = []
        d = directory
        found: Config | None = None
        while True:
            if d in self._by_dir:
                found = self._by_dir[d]
                break
            chain.append(d)
            candidate = d / NAME
            if candidate.is_file():
                found = self._loaded.get(candidate) or load(candidate)
                self._loaded[candidate] = found
                break
            if d.parent == d:
                found = Config()
                break
            d = d.parent
        for c in chain:
            self._by_dir[c] = found
        return found
