"""``--verify leak``: prove at run time that a fix removes the goroutine leak it is about.

After vet has accepted the fixes (:mod:`gofixer.verify`), the tests of every package with a
fix run under the goroutine-leak profile (:mod:`gofixer.leaks`) twice: on the user's files as
they are, then with the accepted fixes through ``-overlay``. Nothing is written before that.

A fix's *site* is the top-level function or method that contains its finding: a leaked
goroutine is at the site when a frame of its stack, or the ``go`` statement that created it, is
in that declaration of that file (names, not lines: fixes move lines, not names). GF404's site
is wider, since the goroutine a held lock strands blocks in another method: a lock-blocked
goroutine in any method of the same receiver type. Only the blocking kinds a rule's defect
causes count (GF201: a send; GF401: a WaitGroup wait; GF404: a lock...).

Each fix gets one of four results (``model.Proof``):

- ``proven``: a goroutine leaked at its site before, in at least one run, and none after, in
  every run. A leak seen in k of n runs before (k < n) is given enough runs after that, were
  the fix to change nothing, it would show at least once with 99% probability: m runs with
  (1 - k/n)^m <= 0.01, in further batches of the same size, at most 12 (2 of 3 before: 6 after;
  1 of 3: 12);
- ``not-reproduced``: no leak at the site before (no tests, tests that never take the leaking
  path, a rule whose defect is not a leak), or one that is still there after: the fix is kept on
  what vet proved, and says it is unproven at run time;
- ``made-worse``: after the fixes a leak appears that was not there before (compared by blocking
  function, file and kind), or tests that passed fail. A new leak at a fix's site is that fix's;
  one elsewhere, or a failing test, is first confirmed by running the unfixed tests once more
  (a leak that depends on scheduling may simply not have shown), then pinned on the fix that
  causes it alone, or on all of the package's fixes when none does alone. Those fixes are
  withheld and the package's tests run again with the rest;
- ``unavailable``: the toolchain is older than Go 1.26 or cannot build the experiment: one line,
  and the fixes stand on vet.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import leaks, source
from .discover import find_module_root
from .leaks import Goroutine, LeakRunner, Package, Unavailable
from .model import AppliedFix, Proof
from .verify import Candidate, Outcome, Toolchain, Withheld

LEVEL = "leak"
RESULTS = ("proven", "not-reproduced", "made-worse", "unavailable")
CONFIDENCE = 0.99  # "gone": a leak as frequent as before would have shown with this probability
MAX_AFTER_RUNS = 12

# the strongest proof each rule's fix can reach: "leak" when its defect strands a goroutine
# (the blocking kinds it causes), "race" when `--verify test` can show the defect, else "vet"
LEAK_KINDS: dict[str, frozenset[str]] = {
    "GF101": frozenset({"receive", "select", "send"}),
    "GF201": frozenset({"send"}),
    "GF203": frozenset({"receive"}),  # the range nobody's close ends
    "GF204": frozenset({"receive", "select", "send"}),
    "GF206": frozenset({"send"}),
    "GF301": frozenset({"receive", "select"}),
    "GF305": frozenset({"receive", "select", "send"}),
    "GF401": frozenset({"wait"}),
    "GF404": frozenset({"lock"}),
    "GF406": frozenset({"lock"}),
    # the goroutine waiting under the lock, and the one its counterpart stalls on the lock
    "GF407": frozenset({"lock", "receive", "select", "send", "wait"}),
    "GF409": frozenset({"wait"}),
    "GF411": frozenset({"send", "wait"}),  # the senders, and the Wait that waits for them
    "GF603": frozenset({"receive"}),
}
# rules whose stranded goroutine may block in another method of the fixed function's receiver
# (the lock a path left held, or took twice, is waited for elsewhere): their leak site is the
# receiver's methods, not the one function
WIDE_SITE_RULES = frozenset({"GF404", "GF406", "GF407"})
RACE_RULES = frozenset({"GF402", "GF403"})


def proof_level(code: str) -> str:
    if code in LEAK_KINDS:
        return "leak"
    if code in RACE_RULES:
        return "race"
    return "vet"


Refix = Callable[[Candidate, frozenset], bytes]
Key = tuple[str, tuple[str, int]]  # (display path, fix key)


@dataclass
class ProofReport:
    proofs: dict[Key, Proof] = field(default_factory=dict)
    note: str | None = None  # one line for the user (the profile is unavailable)
    go_runs: int = 0


# -- sites ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    path: Path  # real path of the fixed file
    decl: str | None  # "Get", "(*T).Run", "T.Run"; None: not inside a function
    kinds: frozenset[str]
    receiver: str | None = None  # "T" for a method: GF404's wider site
    wide: bool = False


def _type_name(node) -> str:
    """``*T``, ``T``, ``T[K]`` -> (pointer?, "T")."""
    while node is not None and node.type in ("parenthesized_type",):
        node = node.named_children[0] if node.named_children else None
    if node is None:
        return ""
    if node.type == "pointer_type":
        inner = node.named_children[0] if node.named_children else None
        return "*" + _type_name(inner).lstrip("*")
    if node.type == "generic_type":
        base = node.child_by_field_name("type")
        return _type_name(base)
    return node.text.decode("utf-8", "replace")


def decl_name(node) -> tuple[str, str | None] | None:
    """A top-level declaration as the runtime names it, and its receiver type (methods)."""
    name = node.child_by_field_name("name")
    if name is None:
        return None
    fname = name.text.decode("utf-8", "replace")
    if node.type == "function_declaration":
        return fname, None
    recv = node.child_by_field_name("receiver")
    params = [c for c in (recv.named_children if recv else []) if c.type == "parameter_declaration"]
    if not params:
        return None
    t = _type_name(params[0].child_by_field_name("type"))
    base = t.lstrip("*")
    return (f"(*{base}).{fname}" if t.startswith("*") else f"{base}.{fname}"), base


def site_of(data: bytes, offset: int) -> tuple[str | None, str | None]:
    """The declaration containing byte ``offset`` (name, receiver type)."""
    root = source.parse(data).root_node
    for child in root.named_children:
        if child.start_byte <= offset < child.end_byte and child.type in ("function_declaration", "method_declaration"):
            got = decl_name(child)
            return got if got else (None, None)
    return None, None


def at_site(g: Goroutine, site: Site, any_kind: bool = False) -> bool:
    if site.decl is None:
        return False
    if not any_kind and g.kind not in site.kinds:
        return False
    for f in (*g.frames, g.created_by):
        if f is None or not _same_file(f.path, site.path):
            continue
        if f.decl == site.decl:
            return True
        if site.wide and site.receiver and f is not g.created_by and _receiver_of(f.decl) == site.receiver:
            return True
    return False


def _receiver_of(decl: str) -> str | None:
    if decl.startswith("(*"):
        return decl[2:].split(")", 1)[0]
    if "." in decl:
        return decl.split(".", 1)[0]
    return None


def _same_file(path: str, real: Path) -> bool:
    return leaks._real(path) == real if os.path.isabs(path) else path.endswith("/" + real.name)


# -- leaks as keys --------------------------------------------------------------------------


def blocking_frame(g: Goroutine, module_root: Path):
    """The first frame in the module (the user's code that blocks), else the top one."""
    for f in g.frames:
        if leaks.in_tree(f.path, module_root) and not f.path.endswith(leaks.PROFILE_FILE):
            return f
    return g.frames[0] if g.frames else None


def leak_key(g: Goroutine, module_root: Path) -> tuple[str, str, str]:
    f = blocking_frame(g, module_root)
    if f is None:
        return ("", "", g.kind)
    return (str(leaks._real(f.path)) if os.path.isabs(f.path) else f.path, f.decl, g.kind)


def _keys(pkg: Package, module_root: Path) -> set[tuple[str, str, str]]:
    return {leak_key(g, module_root) for r in pkg.profiled for g in r.leaked}


def describe(g: Goroutine, module_root: Path, cwd: Path) -> str:
    f = blocking_frame(g, module_root)
    where = f"{_show(f.path, cwd)}:{f.line}" if f else "?"
    fn = f.function.rsplit("/", 1)[-1] if f else "?"
    text = f"{fn} blocked on {g.kind} at {where}"
    if g.created_by is not None and leaks.in_tree(g.created_by.path, module_root):
        text += f" (started at {_show(g.created_by.path, cwd)}:{g.created_by.line})"
    return text


def _show(path: str, cwd: Path) -> str:
    try:
        return os.path.relpath(path, cwd)
    except ValueError:
        return path


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


# -- the proof ------------------------------------------------------------------------------


@dataclass
class _Fix:
    cand: Candidate
    fx: AppliedFix
    site: Site

    @property
    def key(self) -> Key:
        return (self.cand.display, self.fx.key)


class _ModuleProof:
    def __init__(self, lr: LeakRunner, root: Path, fixes: list[_Fix], outcome: Outcome, refix: Refix, report: ProofReport, cwd: Path):
        self.lr, self.root, self.outcome, self.refix, self.report, self.cwd = lr, root, outcome, refix, report, cwd
        self.by_pkg: dict[Path, list[_Fix]] = {}
        for f in fixes:
            self.by_pkg.setdefault(leaks._real(f.cand.path.parent), []).append(f)

    def run(self) -> None:
        infos = self.lr.packages(self.root, self.by_pkg)
        for d in list(self.by_pkg):
            if d not in infos:
                for f in self.by_pkg.pop(d):
                    self._prove(f, "not-reproduced", "`go list` does not see a package here, so its tests could not run; verified with vet only")
        pkgs = [infos[d] for d in sorted(self.by_pkg)]
        if not pkgs:
            return
        before = self.lr.run(self.root, pkgs, {})
        after = self.lr.run(self.root, pkgs, self._overlay(self.by_pkg))
        for d in sorted(self.by_pkg):
            self._package(d, before[d], after[d])

    def _overlay(self, groups: dict[Path, list[_Fix]]) -> dict[Path, bytes]:
        paths = {f.cand.path for fs in groups.values() for f in fs}
        return {p: self.outcome.accepted[p] for p in paths if p in self.outcome.accepted}

    def _regressions(self, before: Package, after: Package) -> tuple[set, str | None]:
        """New leak keys, and the first error of tests that fail only with the fixes."""
        new = _keys(after, self.root) - _keys(before, self.root)
        failing = None
        if after.error and not before.error:
            failing = f"the tests do not build with the fix: {after.error}"
        elif after.failing and not before.failing:
            failing = f"the tests fail with the fix: {after.failing[0].failure()}"
        return new, failing

    def _package(self, d: Path, before: Package, after: Package) -> None:
        fixes = self.by_pkg[d]
        if before.error:
            for f in fixes:
                self._prove(f, "not-reproduced", f"the tests could not run under the leak profile: {before.error}; verified with vet only")
            return
        confirmed = False
        while fixes:
            new, failing = self._regressions(before, after)
            unexplained = {k for k in new if not any(self._key_at(k, f.site) for f in fixes)}
            if (unexplained or failing) and not confirmed:
                # a flaky leak or test may just not have shown before: look again without the fixes
                again = self.lr.run(self.root, [before], {})[d]
                before.runs.extend(again.runs)
                confirmed = True
                continue
            worse = self._blame(d, fixes, before, after, new, unexplained, failing)
            if not worse:
                if len(after.runs) < self._runs_needed(fixes, before, after) and self._more(d, fixes, after):
                    continue  # a flaky leak needs more runs to call it gone; look at them too
                break
            fixes = [f for f in fixes if f not in worse]
            self.by_pkg[d] = fixes
            if not self._refix_files(worse, fixes):
                return
            if not fixes:
                return
            after = self.lr.run(self.root, [before], self._overlay({d: fixes}))[d]
        for f in fixes:
            self._judge(f, before, after)

    def _runs_needed(self, fixes: list[_Fix], before: Package, after: Package) -> int:
        """Runs with the fixes that a leak seen in k of n runs before would, unchanged, show up
        in at least once with 99% probability: 1 - (1 - k/n)^m >= 0.99 (at most MAX_AFTER_RUNS)."""
        need = 0
        n = len(before.profiled)
        for f in fixes:
            k = sum(1 for r in before.profiled if any(at_site(g, f.site) for g in r.leaked))
            gone = not any(at_site(g, f.site) for r in after.profiled for g in r.leaked)
            if n and 0 < k < n and gone:
                need = max(need, math.ceil(math.log(1 - CONFIDENCE) / math.log(1 - k / n)))
        return min(need, MAX_AFTER_RUNS)

    def _more(self, d: Path, fixes: list[_Fix], after: Package) -> bool:
        more = self.lr.run(self.root, [after], self._overlay({d: fixes}))[d]
        after.runs.extend(more.runs)
        if more.error and not after.error:
            after.error = more.error
        return bool(more.runs)

    def _key_at(self, key: tuple[str, str, str], site: Site) -> bool:
        path, decl, kind = key
        if site.decl is None or not path:
            return False
        same = leaks._real(path) == site.path if os.path.isabs(path) else path.endswith("/" + site.path.name)
        return same and (decl == site.decl or (site.wide and site.receiver is not None and _receiver_of(decl) == site.receiver))

    def _blame(self, d, fixes, before, after, new, unexplained, failing) -> list[_Fix]:
        """The fixes that made the package worse, each marked made-worse (empty: none did)."""
        worse: list[_Fix] = []
        for f in fixes:
            mine = sorted(k for k in new if self._key_at(k, f.site))
            if mine:
                g = self._goroutine(after, mine[0])
                self._worse(f, f"a goroutine leaks after the fix that did not before: {describe(g, self.root, self.cwd) if g else mine[0][1]}")
                worse.append(f)
        if not (unexplained or failing):
            return worse
        rest = [f for f in fixes if f not in worse]
        if len(rest) == 1:
            culprits = rest
        else:
            culprits = []
            for f in rest:
                alone = self.refix(f.cand, frozenset([f.fx.key]))
                if alone == f.cand.original:
                    continue
                one = self.lr.run(self.root, [before], {f.cand.path: alone})[d]
                n, fl = self._regressions(before, one)
                if fl or {k for k in n if not any(self._key_at(k, x.site) for x in fixes)}:
                    culprits.append(f)
            if not culprits:
                culprits = rest
        why = failing or self._new_leak_text(after, unexplained)
        together = " (with the package's other fixes)" if len(culprits) > 1 else ""
        for f in culprits:
            self._worse(f, why + together)
            worse.append(f)
        return worse

    def _new_leak_text(self, after: Package, keys: set) -> str:
        k = sorted(keys)[0]
        g = self._goroutine(after, k)
        return f"a goroutine leaks with the fix that did not without it: {describe(g, self.root, self.cwd) if g else k[1]}"

    def _goroutine(self, pkg: Package, key) -> Goroutine | None:
        for r in pkg.profiled:
            for g in r.leaked:
                if leak_key(g, self.root) == key:
                    return g
        return None

    def _worse(self, f: _Fix, why: str) -> None:
        self._prove(f, "made-worse", why)
        self.outcome.withheld.append(Withheld(f.cand.display, f.fx, f"made worse at run time: {why}"))

    def _refix_files(self, worse: list[_Fix], keep: list[_Fix]) -> bool:
        """The accepted bytes of each file without the withheld fixes."""
        for path in {f.cand.path for f in worse}:
            cand = next(f.cand for f in worse if f.cand.path == path)
            allowed = frozenset(f.fx.key for f in keep if f.cand.path == path)
            data = self.refix(cand, allowed) if allowed else cand.original
            if data == cand.original:
                self.outcome.accepted.pop(path, None)
            else:
                self.outcome.accepted[path] = data
        return True

    def _judge(self, f: _Fix, before: Package, after: Package) -> None:
        rule = f.fx.rule
        decl = f.site.decl or "this declaration"
        if proof_level(rule) != "leak":
            self._prove(f, "not-reproduced", f"{rule} fixes no goroutine leak (its proof is {proof_level(rule)}); verified with vet")
            return
        if f.site.decl is None:
            self._prove(f, "not-reproduced", "the fix is outside any function, where no goroutine runs; verified with vet only")
            return
        if not before.has_tests:
            self._prove(f, "not-reproduced", f"the package has no tests, so nothing ran {decl}; verified with vet only")
            return
        pre = [[g for g in r.leaked if at_site(g, f.site)] for r in before.profiled]
        post = [[g for g in r.leaked if at_site(g, f.site)] for r in after.profiled]
        n_pre, n_post = len(before.profiled), len(after.profiled)
        if n_pre == 0:
            why = before.failing[0].failure() if before.failing else "no profile was written"
            self._prove(f, "not-reproduced", f"the tests wrote no leak profile before the fix ({why}); verified with vet only")
            return
        seen = [gs for gs in pre if gs]
        if not seen:
            how = " or ".join(sorted(f.site.kinds))
            why = f"no goroutine leaked in {decl} blocked on {how} in {_plural(n_pre, 'run')} of the tests before the fix"
            other = [g for r in before.profiled for g in r.leaked if at_site(g, f.site, any_kind=True)]
            if other:
                why += f" ({describe(other[0], self.root, self.cwd)} leaks there: not the defect this fix repairs)"
            self._prove(f, "not-reproduced", why + "; verified with vet only")
            return
        first = describe(seen[0][0], self.root, self.cwd)
        left = [gs for gs in post if gs]
        if left:
            self._prove(
                f,
                "not-reproduced",
                f"{decl} still leaks with the fix ({describe(left[0][0], self.root, self.cwd)}, in {len(left)} of {n_post} runs): not proven at run time; verified with vet only",
            )
            return
        if n_post == 0:
            self._prove(f, "not-reproduced", "the tests wrote no leak profile with the fix; verified with vet only")
            return
        self._prove(
            f,
            "proven",
            f"before the fix {first}, in {len(seen)} of {n_pre} runs of the tests; with it no goroutine leaks in {decl} in {_plural(n_post, 'run')}",
        )

    def _prove(self, f: _Fix, result: str, detail: str) -> None:
        self.report.proofs[f.key] = Proof(LEVEL, result, detail)


def prove(
    cands: list[Candidate],
    outcome: Outcome,
    refix: Refix,
    go: str | None = None,
    timeout: float = 900.0,
    cwd: Path | None = None,
) -> ProofReport:
    """Run-time proofs of the fixes vet accepted; withholds those that make things worse."""
    cwd = cwd or Path.cwd()
    report = ProofReport()
    withheld = {(w.display, w.fix.key) for w in outcome.withheld if w.fix is not None}
    whole = {w.display for w in outcome.withheld if w.fix is None}
    fixes: list[_Fix] = []
    for c in cands:
        if c.path not in outcome.accepted or c.display in whole:
            continue
        for fx in c.applied:
            if (c.display, fx.key) in withheld:
                continue
            decl, recv = site_of(c.original, fx.key[1])
            kinds = LEAK_KINDS.get(fx.rule, frozenset())
            site = Site(leaks._real(c.path), decl, kinds, recv, wide=fx.rule in WIDE_SITE_RULES)
            fixes.append(_Fix(c, fx, site))
    if not fixes:
        return report
    tc = Toolchain("vet", go=go, timeout=timeout, cwd=cwd)
    lr = LeakRunner(tc)
    try:
        lr.check_available(cwd)
        modules: dict[Path, list[_Fix]] = {}
        for f in fixes:
            root = find_module_root(f.cand.path.parent)
            if root is not None:
                modules.setdefault(root, []).append(f)
        for root in sorted(modules):
            _ModuleProof(lr, root, modules[root], outcome, refix, report, cwd).run()
    except Unavailable as e:
        report.note = f"goroutine-leak proof unavailable: {e}; the fixes are verified with vet only"
        for f in fixes:
            if f.key not in report.proofs:
                report.proofs[f.key] = Proof(LEVEL, "unavailable", f"{e}; verified with vet only")
    report.go_runs = tc.runs
    return report
