"""Black's splits of long rows, found once per row shape and then reused.

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
fixes.  :func:`~.splits._split_annotated` (``name: NotRequired[`` / ``"Model"``
/ ``]``) also tests whether ``name: annotation = (`` fits, but a first line cut
at a bracket of the value is at least that long, and its other splits write
parentheses the row does not hold, which no such plan matches.  So once the
rules have split one row of a shape that way, with both of those lines fitting,
a *plan* is kept for the shape: which opening bracket of the row, and what
follows the contents.  Another row of the shape whose two lines fit is split by
slicing its text at that bracket; any other row goes to the rules.

Two more layouts are planned the same way.  A long annotation black wraps in
parentheses of its own, ``name: (`` / ``Model | Unset`` / ``) = UNSET``, the
layout of most long fields of a model (:func:`wrap_plan`).  And an element of a
split call whose contents do not fit on one line, which black cuts at the
bracket and then at the contents' commas, one element a line
(:func:`explode_plan`): ``name=_rt.optional(`` / ``data,`` / ``"wire",`` /
``Model.from_dict,`` / ``),``.  A shape may have a plan of each kind, each
applying to the rows whose widths lead the rules to it.

Names hold no brackets, commas or ``=``, and a shape keeps every other character
of a row, so the n-th opening bracket (comma, ``=``) of a row is the n-th of its
shape (those inside strings count alike in both).
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
    cut = _cut(line, head, last, indent)
    if cut is None:
        return None
    ordinal, tail = cut
    contents = line[len(head) : len(line) - len(tail)]
    if (
        len(head) > LINE_LENGTH
        or not contents
        or contents != contents.strip(" ")
        or middle != " " * (indent + 4) + contents
        or len(middle) > LINE_LENGTH
    ):
        return None
    return ordinal, tail


def apply(line: str, kept: Plan, indent: int) -> str | None:
    """The rules' text for the long row *line* of the shape *kept* was made for,
    or None where one of its two lines would not fit (the rules decide those)."""
    ordinal, tail = kept
    position = _opening(line, ordinal, tail)
    if position < 0:
        return None
    head = line[: position + 1]
    contents = line[position + 1 : len(line) - len(tail)]
    if len(head) > LINE_LENGTH or indent + 4 + len(contents) > LINE_LENGTH:
        return None
    return f"{head}\n{' ' * (indent + 4)}{contents}\n{' ' * indent}{tail}"


def _cut(line: str, head: str, last: str, indent: int) -> Plan | None:
    """Where *line* is cut if *head* and *last* are the first and last lines of
    the rules' split of it at one bracket (the head ends with the bracket, the
    last line is the tail at the row's indentation): the bracket's ordinal and
    the tail; else None."""
    tail = last.lstrip(" ")
    if (
        not head
        or head[-1] not in _OPENING
        or not line.startswith(head)
        or len(last) - len(tail) != indent
        or not tail
        or not _TAIL.issuperset(tail)
        or not line.endswith(tail)
    ):
        return None
    return sum(character in _OPENING for character in head) - 1, tail


def _opening(line: str, ordinal: int, tail: str) -> int:
    """Where a plan's bracket opens in *line*: its *ordinal*-th opening bracket, or
    -1 where there are fewer or the line does not end as the plan's rows do."""
    if not line.endswith(tail):
        return -1
    return _nth(line, "([{", ordinal)


def _nth(line: str, characters: str, ordinal: int, start: int = 0) -> int:
    """The position of the *ordinal*-th (from 0) of *characters* in *line* from
    *start*, or -1 where there are fewer."""
    position = start - 1
    for _ in range(ordinal + 1):
        found = [p for p in (line.find(c, position + 1) for c in characters) if p >= 0]
        if not found:
            return -1
        position = min(found)
    return position


# Where a ``name: annotation = value`` row puts its value: the ordinal of its
# ``=`` among the row's ``=`` characters, or None for a row without a value.
WrapPlan = int | None


def wrap_plan(line: str, split: str, indent: int) -> tuple[WrapPlan] | None:
    """The plan of *split*, the rules' text for the long annotated row *line*, if
    it wraps the annotation in parentheses with every line fitting; else None.

    Black puts an annotation in parentheses of its own when ``name: annotation =
    (`` is too long (``name: (`` / ``A | Unset`` / ``) = UNSET``), and so does a
    field without a value.  Which of :func:`~.splits._split_annotated`'s branches
    writes that depends on tokens a shape fixes, on that first width, and on
    whether the three lines fit, which :func:`apply_wrap` checks.  The plan is
    returned in a 1-tuple: None is a plan (no value).
    """
    parts = split.split("\n")
    if len(parts) != 3 or len(line) <= LINE_LENGTH:
        return None
    head, middle, last = parts
    colon = line.find(": ", indent)
    pad = " " * indent
    if colon < 0 or head != line[:colon] + ": (" or not last.startswith(pad + ")"):
        return None
    rest = last[indent + 1 :]
    if rest and (not rest.startswith(" = ") or not line.endswith(rest)):
        return None
    annotation = line[colon + 2 : len(line) - len(rest)]
    if (
        not annotation
        or annotation != annotation.strip(" ")
        or middle != pad + "    " + annotation
        or max(len(head), len(middle), len(last)) > LINE_LENGTH
    ):
        return None
    if not rest:
        return (None,)
    equals = len(line) - len(rest) + 1
    return (line.count("=", 0, equals),)


def apply_wrap(line: str, kept: WrapPlan, indent: int) -> str | None:
    """The rules' text for the long annotated row *line* of the shape *kept* was
    made for, or None where a line would not fit or the value would (the rules
    decide those)."""
    colon = line.find(": ", indent)
    if colon < 0:
        return None
    rest = ""
    if kept is not None:
        equals = _nth(line, "=", kept)
        if equals < 0:
            return None
        if equals + 3 <= LINE_LENGTH:
            return None  # ``name: annotation = (`` fits: the value is split
        rest = line[equals - 1 :]
    annotation = line[colon + 2 : len(line) - len(rest)]
    head = line[:colon] + ": ("
    middle = " " * (indent + 4) + annotation
    last = " " * indent + ")" + rest
    if max(len(head), len(middle), len(last)) > LINE_LENGTH:
        return None
    return f"{head}\n{middle}\n{last}"


# A row cut at one bracket whose contents go one element a line: the bracket's
# ordinal and the tail (as in :data:`Plan`), and the ordinals, among the row's
# commas, of the commas between the elements.
ExplodePlan = tuple[int, str, tuple[int, ...]]


def explode_plan(line: str, split: str, indent: int) -> ExplodePlan | None:
    """The plan of *split*, the rules' text for the long element row *line*, if it
    is the row cut at one bracket with its contents one element a line, every line
    fitting; else None.

    In :func:`~.splits._split_call_element`, once the first line fits and the
    contents do not fit on one line, black's delimiter split puts each element on
    a line of its own with a comma after it; only an element too long for its line
    is split further.  The elements are the contents cut at their top-level
    commas, which are the same commas of the row in every row of a shape.
    """
    parts = split.split("\n")
    if len(parts) < 4 or len(line) <= LINE_LENGTH:
        return None
    head, *middle, last = parts
    cut = _cut(line, head, last, indent)
    if cut is None or max(len(part) for part in parts) > LINE_LENGTH:
        return None
    ordinal, tail = cut
    inner = " " * (indent + 4)
    elements = []
    for part in middle:
        element = part[len(inner) : -1]
        if not part.startswith(inner) or not part.endswith(",") or not element:
            return None
        if element != element.strip(" "):
            return None
        elements.append(element)
    contents = line[len(head) : len(line) - len(tail)]
    if ", ".join(elements) != contents or len(inner) + len(contents) <= LINE_LENGTH:
        return None
    commas = []
    position = len(head)
    for element in elements[:-1]:
        position += len(element)
        commas.append(line.count(",", 0, position))
        position += 2
    return ordinal, tail, tuple(commas)


def apply_explode(line: str, kept: ExplodePlan, indent: int) -> str | None:
    """The rules' text for the long element row *line* of the shape *kept* was
    made for, or None where the contents would fit on one line or a line would
    not fit (the rules decide those)."""
    ordinal, tail, commas = kept
    position = _opening(line, ordinal, tail)
    if position < 0:
        return None
    head = line[: position + 1]
    end = len(line) - len(tail)
    inner = " " * (indent + 4)
    if len(head) > LINE_LENGTH or len(inner) + end - position - 1 <= LINE_LENGTH:
        return None
    pieces = [head]
    start = position + 1
    comma = -1
    previous = -1  # the ordinal of the comma at ``comma``
    for wanted in commas:
        comma = _nth(line, ",", wanted - previous - 1, comma + 1)
        previous = wanted
        if not start < comma < end or line[comma + 1] != " ":
            return None
        pieces.append(inner + line[start : comma + 1])
        start = comma + 2
    if start >= end:
        return None
    pieces.append(inner + line[start:end] + ",")
    pieces.append(" " * indent + tail)
    if any(len(piece) > LINE_LENGTH for piece in pieces):
        return None
    return "\n".join(pieces)
