"""Black's split of a long row at one bracket, found once per row shape.

Most rows too long for the line are split by black at a bracket, the contents on
one line of their own between the bracket's two lines::

    get_add_role_to_db_cluster = _http.raw(
        _G.get_add_role_to_db_cluster
    )

Working that out with black's rules (:mod:`.splits`) tokenises the row and renders
it in pieces, some 45 µs a row, and nearly every long row is new text (an
operation's name, a field's wire name).  Which bracket the rules split at, and that
the contents then stay on one line, depend on the row's shape (its tokens' kinds,
operators and keywords: see :mod:`.lines`) and on two widths only, the first
line's and the contents': in :func:`~.splits._split_statement` and
:func:`~.splits._split_call_element`, every other test reads tokens that a shape
fixes.  So once the rules have split one row of a shape that way, with both of
those lines fitting, a *plan* is kept for the shape: which opening bracket of the
row, and what follows the contents.  Another row of the shape whose two lines fit
is split by slicing its text at that bracket; any other row goes to the rules.

Names hold no brackets, and a shape keeps every other character of a row, so the
n-th opening bracket of a row is the n-th of its shape (brackets inside strings
count alike in both).
"""

from __future__ import annotations

from generator.layout.spacing import LINE_LENGTH

# The bracket's position among the row's opening brackets (from 0), and the text
# after the contents: closing brackets and commas only (``)`` or ``),``).
Plan = tuple[int, str]

_OPENING = frozenset("([{")
_TAIL = frozenset(")]},")


def plan(line: str, split: str, indent: int) -> Plan | None:
    """The plan of *split*, the rules' text for the long row *line*, if it is the
    row cut at one bracket with both lines before the tail fitting; else None."""
    parts = split.split("\n")
    if len(parts) != 3 or len(line) <= LINE_LENGTH:
        return None
    head, middle, last = parts
    tail = last.lstrip(" ")
    contents = line[len(head) : len(line) - len(tail)]
    if (
        not head
        or head[-1] not in _OPENING
        or not line.startswith(head)
        or len(head) > LINE_LENGTH
        or len(last) - len(tail) != indent
        or not tail
        or not _TAIL.issuperset(tail)
        or not line.endswith(tail)
        or not contents
        or contents != contents.strip(" ")
        or middle != " " * (indent + 4) + contents
        or len(middle) > LINE_LENGTH
    ):
        return None
    return sum(character in _OPENING for character in head) - 1, tail


def apply(line: str, kept: Plan, indent: int) -> str | None:
    """The rules' text for the long row *line* of the shape *kept* was made for,
    or None where one of its two lines would not fit (the rules decide those)."""
    ordinal, tail = kept
    if not line.endswith(tail):
        return None
    position = -1
    for _ in range(ordinal + 1):
        position = _next_opening(line, position + 1)
        if position < 0:
            return None
    head = line[: position + 1]
    contents = line[position + 1 : len(line) - len(tail)]
    if len(head) > LINE_LENGTH or indent + 4 + len(contents) > LINE_LENGTH:
        return None
    return f"{head}\n{' ' * (indent + 4)}{contents}\n{' ' * indent}{tail}"


def _next_opening(line: str, start: int) -> int:
    found = [p for p in (line.find(c, start) for c in "([{") if p >= 0]
    return min(found) if found else -1
