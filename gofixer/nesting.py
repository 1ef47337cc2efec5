"""How deeply nested a file may be for gofixer to analyse it.

The path analysis and several rules follow a function's statements by recursion, a few Python
frames per nested block or case clause. A file whose statements are nested more than
MAX_NESTING levels deep is not analysed but reported as too deeply nested: an error that counts
like a finding. Rule of thumb: 200 levels. Recursion runs out at about 245 nested ``if`` or
``for`` blocks, 330 nested ``switch`` or ``select`` cases and 490 plain blocks; real code stays
below 30. Nesting inside expressions (a long ``"a" + "b" + ...`` chain, parentheses) does not
count: nothing recurses over it that far. A RecursionError the limit does not foresee is
reported the same way (see ``engine.process``).
"""

from __future__ import annotations

from itertools import accumulate

MAX_NESTING = 200
TOO_DEEP = f"too deeply nested to analyse (statements nested more than {MAX_NESTING} levels deep); file skipped"

# the nodes that add a level of statement nesting
_LEVELS = frozenset({"block", "expression_case", "type_case", "communication_case", "default_case"})
_NOT_BRACES = bytes(b for b in range(256) if b not in b"{}")


def too_deep(data: bytes, root, limit: int = MAX_NESTING) -> bool:
    """Are the statements of ``data`` (parsed: ``root``) nested more than ``limit`` levels deep?

    Each level sits inside a pair of braces of its own (a block) or of its switch or select, so
    a file whose braces nest at most ``limit`` deep is answered from its bytes. (Braces inside
    strings can make that count too low; the RecursionError fallback covers such a file.)"""
    if data.count(b"{") <= limit or _brace_depth(data) <= limit:
        return False
    return _levels_exceed(root, limit)


def _brace_depth(data: bytes) -> int:
    braces = data.translate(None, _NOT_BRACES)
    return max(accumulate(braces, lambda depth, b: depth + 1 if b == 0x7B else depth - 1, initial=0))


def _levels_exceed(root, limit: int) -> bool:
    """The tree walk, iterative, into subtrees large enough to hold the levels still missing
    (a level is at least one node)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if node.type in _LEVELS:
            depth += 1
            if depth > limit:
                return True
        need = limit - depth
        stack.extend((c, depth) for c in node.children if c.descendant_count > need)
    return False
