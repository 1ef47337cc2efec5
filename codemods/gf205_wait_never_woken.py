"""GF205 wait-never-woken: Cond.Wait with no Signal or Broadcast on that Cond, or WaitGroup.Wait with Add and no Done.

What it finds
    ``c.Wait()`` on a ``sync.Cond`` when nothing in the package calls ``c.Signal()`` or
    ``c.Broadcast()`` on it, and ``wg.Wait()`` on a ``sync.WaitGroup`` that something adds to
    (``wg.Add(n)``) when nothing in the package calls ``wg.Done()`` (or ``wg.Go``, or
    ``wg.Add`` with a negative count) on it. The Cond or WaitGroup is a local, an unexported
    field of a struct type of the package or an unexported package-level variable (in package
    ``main`` exported ones too); its uses are followed through its address handed to the
    package's functions and methods (``helper(&wg)``) and copies of that address into locals,
    over every file of the package, its ``_test.go`` files included.

    Not reported when the value may be reached where the package does not show it: handed to
    another package's function or to a function value, stored in a slice, map or another
    field, an exported field or variable outside package ``main``, a method value
    (``defer onExit(wg.Done)``), or an embedded ``sync.WaitGroup``/``sync.Cond`` (its methods
    are the struct's). A WaitGroup nothing adds to is not reported: its Wait returns at once.

Why it is bad
    ``Cond.Wait`` returns only after a ``Signal`` or ``Broadcast``; ``WaitGroup.Wait`` only when
    the counter that ``Add`` raised is back at zero, which only ``Done`` does. Without them the
    waiting goroutine blocks forever, and with it everything waiting for that goroutine.

Example
    type plugin struct {
        ready  *sync.Cond
        loaded bool
    }

    func (p *plugin) waitLoaded() {
        p.ready.L.Lock()
        for !p.loaded {
            p.ready.Wait() // nothing ever calls p.ready.Broadcast()
        }
        p.ready.L.Unlock()
    }

Fixed
    func (p *plugin) markLoaded() {
        p.ready.L.Lock()
        p.loaded = true
        p.ready.L.Unlock()
        p.ready.Broadcast()
    }

Fix safety
    None: which code must signal (or call ``Done``), and when, is a design decision the rule
    cannot make.
"""

from __future__ import annotations

from collections.abc import Iterator

from tree_sitter import Node

from gofixer.analysis import counterparts, lexical, prefilter, syntax
from gofixer.analysis.types import deref
from gofixer.model import Finding, FixClass
from gofixer.rule import FileContext, Rule


class WaitNeverWoken(Rule):
    code = "GF205"
    name = "wait-never-woken"
    summary = "Cond.Wait with no Signal/Broadcast on that Cond, or WaitGroup.Wait with Add and no Done, anywhere in the package"
    fix_class = FixClass.NONE
    tier = "preview"
    package_wide = True
    # every finding is a ``.Wait()`` call on a value of package sync
    needs = prefilter.contains(b".Wait()") & prefilter.imports("sync")

    def check(self, ctx: FileContext) -> Iterator[Finding]:
        data = ctx.data
        main = syntax.package_clause_name(ctx.root, data) == b"main"
        for call in self._waits(ctx):
            fn = call.child_by_field_name("function")
            x = syntax.unparen(fn.child_by_field_name("operand"))
            name = counterparts.last_name(x, data)
            if name is None or name in (b"WaitGroup", b"Cond"):
                continue  # an embedded WaitGroup or Cond: its methods are the struct's
            kind = self._sync_type(ctx, x)
            if kind is None or self._served_in_bytes(ctx, call, x, name, "signalled" if kind == "Cond" else "done"):
                continue
            v = counterparts.value_of(ctx.model, ctx.index, x)
            if v is None:
                continue
            u = counterparts.uses(ctx.model, v, main, channel=False)
            if not u.confined:
                continue
            shown = ctx.text(x)
            if kind == "Cond":
                if not u.calls("Signal", "Broadcast"):
                    yield self.finding(call, f"{shown}.Wait() blocks forever: nothing in the package calls Signal or Broadcast on {v.name}")
                continue
            adds = u.calls("Add")
            if not adds or u.calls("Done", "Go") or any(_negative(a.node, a.file.data) for a in adds):
                continue
            yield self.finding(
                call, f"{shown}.Wait() blocks forever once Add has run: nothing in the package calls Done on {v.name}"
            )

    @staticmethod
    def _served_in_bytes(ctx: FileContext, call: Node, x: Node, name: bytes, wanted: str) -> bool:
        """Cheap evidence before the model follows the value: its counterpart spelled with its
        own name (in its function, for a local; in the package, for anything else)."""
        top = syntax.top_function(call)
        if x.type == "identifier" and top is not None:
            text = ctx.data[top.start_byte : top.end_byte]
            if counterparts.may_declare_local(text, name):
                return name in counterparts.spelled_counterparts(text)[wanted] and f"&{name.decode()}".encode() not in text
        return counterparts.package_spells(ctx.package, ctx.data, name, wanted)

    @staticmethod
    def _waits(ctx: FileContext) -> list[Node]:
        out = []
        for at in lexical.word_offsets(ctx.data, b"Wait"):
            n = ctx.root.descendant_for_byte_range(at, at + 4)
            sel = n.parent if n is not None and n.type == "field_identifier" else None
            call = sel.parent if sel is not None and sel.type == "selector_expression" else None
            if call is None or call.type != "call_expression" or not syntax.is_field(call, "function", sel):
                continue
            if syntax.named(call.child_by_field_name("arguments")):
                continue
            out.append(call)
        return out

    @staticmethod
    def _sync_type(ctx: FileContext, x: Node | None) -> str | None:
        """"Cond" or "WaitGroup" when the model types ``x`` as one of package sync."""
        t = deref(ctx.model.typeof(ctx.index, x))
        if t is not None and t[0] == "ext" and t[1] == "sync" and t[2] in ("Cond", "WaitGroup"):
            return t[2]
        return None


def _negative(call: Node, data: bytes) -> bool:
    """``wg.Add(-1)``, ``wg.Add(-n)``: an Add that counts down, as Done does."""
    args = syntax.named(call.child_by_field_name("arguments"))
    if len(args) != 1:
        return True  # not understood: it may count down
    a = syntax.unparen(args[0])
    if a is None:
        return True
    if a.type == "unary_expression":
        op = a.child_by_field_name("operator")
        return op is not None and op.type == "-"
    return a.type not in ("int_literal", "call_expression", "identifier", "selector_expression", "binary_expression")
