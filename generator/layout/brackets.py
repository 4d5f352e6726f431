"""Brackets the templates already split one element a line, as black keeps them.

A magic trailing comma keeps black from joining such a bracket; each element is
checked (and split in turn where it is too long) with the rules of :mod:`.splits`.
"""

from __future__ import annotations

import keyword
import token

from generator.layout import hugs
from generator.layout.lines import (
    _Logical,
)
from generator.layout.spacing import (
    _CLOSERS,
    _MERGED,
    _OPENERS,
    LINE_LENGTH,
    Unsupported,
    _annotation_and_value,
    _depth_zero_keywords,
    _dotted_name,
    _fits,
    _level_at,
    _levels,
    _magic_comma,
    _matching_closer,
    _matching_opener,
    _plus_chain,
    _render,
    _top_level,
    _top_level_commas,
    _unquoted,
    _unsplittable,
    _width,
)
from generator.layout.splits import (
    _explode,
    _split_annotated,
    _split_at_plus,
    _split_call_element,
    _split_dict_subscript,
    _split_parameter,
    _split_return,
    _split_statement,
)
from generator.pytokens import Token


def _explode_element(element: list[Token], indent: int) -> str:
    """``name=(a, b, ),`` in a split call: its magic trailing comma splits it too."""
    tokens = element[:-1]
    if len(tokens) < 4 or tokens[-1].string != ")":
        raise Unsupported
    opener = _matching_opener(tokens, len(tokens) - 1)
    head = tokens[:opener]
    if not (
        len(head) == 2
        and head[0].type == token.NAME
        and not keyword.iskeyword(head[0].string)
        and head[1].string == "="
    ):
        raise Unsupported
    contents = tokens[opener + 1 : -1]
    commas = _top_level_commas(contents)
    if len(commas) < 2 or commas[-1] != len(contents) - 1 or _magic_comma(contents):
        raise Unsupported
    prefix = " " * indent
    first = _fits(prefix + head[0].string + "=(")
    pieces = _explode(contents, commas, prefix + "    ")
    return "\n".join([first, *pieces, prefix + "),"])


def _exploded(lines: list[str], out: list[str], logical: _Logical, indent: int) -> None:
    """A bracket split one element a line with a trailing comma, as black splits it.

    Accepted: ``head(`` on the first line, one element ending with "," on each
    line after it (each fits and holds no split of its own), then the closing
    bracket alone or followed by ``-> annotation:``.
    """
    rows = list(range(logical.first, logical.last + 1))
    key = None
    if logical.shapes is not None and len(rows) > 2:
        key = (logical.shapes[0], logical.shapes[-1])
        kept = _KEPT_BRACKETS.get(key)
        if kept is not None and _fit(lines[rows[0]]) and _fit(lines[rows[-1]]):
            _elements(lines, out, logical, rows[1:-1], indent + 4, *kept)
            return
    head = logical.row(rows[0])
    opener = head[-1]
    if opener.string not in _OPENERS or len(head) < 2:
        raise Unsupported
    before = head[-2]
    # A list or dict display assigned at the top of the statement is split like a
    # call; a tuple display (black may drop its parentheses) or a subscript is not.
    assigned = (
        before.string == "="
        and opener.string in "[{"
        and _level_at(head, len(head) - 2) == 0
    )
    if before.string == "=" and opener.string == "(":
        _conditional_value(out, logical, indent)
        return
    # ``from module import (`` names, one a line: black keeps them so.
    imported = before.string == "import" and head[0].string == "from"
    if imported and (opener.string != "(" or "import" in (t.string for t in head[:-2])):
        raise Unsupported
    if not (
        before.type == token.NAME
        and not keyword.iskeyword(before.string)
        or before.string in _CLOSERS
        or assigned
        or imported
    ):
        raise Unsupported
    if opener.string == "[" and not assigned:
        raise Unsupported  # a subscript: its trailing comma is not always magic
    if _depth_zero_keywords(head[:-1]):
        raise Unsupported
    tail = logical.row(rows[-1])
    if tail[0].string != _OPENERS[opener.string]:
        raise Unsupported
    if len(tail) > 1 and not (
        tail[1].string == "->" and tail[-1].string == ":" and len(tail) > 3
    ):
        raise Unsupported
    if len(tail) > 1 and head[0].string not in {"def", "async"}:
        raise Unsupported
    in_params = (
        opener.string == "("
        and head[0].string in {"def", "async"}
        and len(head) >= 3
        and head[-3].string == "def"
    )
    middle = rows[1:-1]
    if not middle:
        # An empty bracket split over two lines: black joins it.
        if len(tail) != 1 or len(rows) != 2:
            raise Unsupported
        joined = _fits(" " * indent + _render(logical.tokens))
        if _unquoted(joined) != _unquoted(
            lines[rows[0]].rstrip() + lines[rows[1]].strip()
        ):
            raise Unsupported
        out[rows[0]] = joined
        out[rows[1]] = _MERGED
        return
    rendered_head = (
        " " * indent
        + _render(head[:-1])
        + (" " if assigned or imported else "")
        + opener.string
    )
    rendered_tail = " " * indent + tail[0].string
    if len(tail) > 1:
        rendered_tail += " -> " + _render(tail[2:])
    for row, rendered in ((rows[0], rendered_head), (rows[-1], rendered_tail)):
        if _unquoted(lines[row]) != _unquoted(rendered):
            raise Unsupported
        out[row] = rendered
    if _width(rendered_tail) > LINE_LENGTH:
        if len(tail) == 1:
            raise Unsupported
        out[rows[-1]] = _split_return(tail[2:-1], indent)
    # A def's head (``def name(``) too long stays so: black's left-hand split
    # finds no bracket to split it at.
    if _width(rendered_head) > LINE_LENGTH and not in_params:
        if opener.string == "(" and _plain_assignment(head[:-1]):
            _plain_target_call(lines, out, logical, rows, head[:-1], indent)
            return
        wrapped = _value_in_parentheses(head[:-1], indent)
        if wrapped is None:
            out[rows[0]] = _annotation_in_parentheses(head[:-1], indent) + opener.string
        else:
            # The whole split call moves inside parentheses, four columns right.
            first, call = wrapped
            out[rows[0]] = first + "\n" + _fits(call + opener.string)
            out[rows[-1]] = (
                " " * (indent + 4) + tail[0].string + "\n" + " " * indent + ")"
            )
            _elements(lines, out, logical, middle, indent + 8, opener.string, False)
            return
    is_call = opener.string == "(" and not imported and not in_params
    if key is not None and out[rows[0]] == lines[rows[0]] == rendered_head:
        if out[rows[-1]] == lines[rows[-1]]:
            _KEPT_BRACKETS[key] = (opener.string, in_params, is_call)
    _elements(
        lines, out, logical, middle, indent + 4, opener.string, in_params, is_call
    )


# Shapes of the first and last rows of split brackets that black keeps as they
# are whenever both fit, with the bracket, whether it holds parameters and whether
# it is a call's: the rows between them are then checked one by one
# (:func:`_elements`).
_KEPT_BRACKETS: dict[tuple[str | None, str | None], tuple[str, bool, bool]] = {}


def _fit(line: str) -> bool:
    return len(line) <= LINE_LENGTH and line.isascii()


def _conditional_value(out: list[str], logical: _Logical, indent: int) -> None:
    """``target = (a if b else c)`` split over lines, as the templates write it.

    Without a magic trailing comma black joins the lines (the source's layout
    does not count) and makes the parentheses around a conditional expression
    invisible (``maybe_make_parens_invisible_in_atom``): the statement is then
    formatted as ``target = a if b else c`` would be.
    """
    tokens = logical.tokens
    if _magic_comma(tokens):
        raise Unsupported
    for tok in tokens:
        if tok.start[0] != tok.end[0]:
            raise Unsupported
    equals = _top_level(tokens, {"="})
    if len(equals) != 1 or tokens[equals[0] + 1].string != "(":
        raise Unsupported
    opener = equals[0] + 1
    if _matching_closer(tokens, opener) != len(tokens) - 1:
        raise Unsupported
    value = tokens[opener + 1 : -1]
    top = [tok.string for tok, level in zip(value, _levels(value)) if level == 0]
    if top.count("if") != 1 or top.count("else") != 1:
        raise Unsupported
    if {",", ":=", "lambda", "yield", "for", "async", "await"} & set(top):
        raise Unsupported
    joined = [*tokens[:opener], *value]
    line = " " * indent + _render(joined)
    if _width(line) > LINE_LENGTH:
        annotated = len(joined) > 2 and joined[1].string == ":"
        split = _split_annotated if annotated else _split_statement
        line = split(joined, indent)
    out[logical.first] = line
    for row in range(logical.first + 1, logical.last + 1):
        out[row] = _MERGED


def _plain_assignment(tokens: list[Token]) -> bool:
    """``name = callee``: dotted names on both sides of one ``=``."""
    equals = [i for i, tok in enumerate(tokens) if tok.string == "="]
    return (
        len(equals) == 1
        and _dotted_name(tokens[: equals[0]])
        and _dotted_name(tokens[equals[0] + 1 :])
    )


def _plain_target_call(
    lines: list[str],
    out: list[str],
    logical: _Logical,
    rows: list[int],
    head: list[Token],
    indent: int,
) -> None:
    """``Name = Call(`` too long before a call split by its magic trailing comma.

    Black's right-hand split prefers the call's brackets to the value's invisible
    parentheses (a plain target), leaving the head too long; its "second
    opinion" (``run_transformer``) keeps the parentheses instead, the call four
    columns right, but only if every line then fits.
    """
    equals = [tok.string for tok in head].index("=")
    pad = " " * indent
    middle = rows[1:-1]
    trial = list(out)
    trial[rows[0]] = (
        pad
        + _render(head[:equals])
        + " = (\n"
        + pad
        + "    "
        + _render(head[equals + 1 :])
        + "("
    )
    trial[rows[-1]] = pad + "    )\n" + pad + ")"
    _elements(lines, trial, logical, middle, indent + 8, "(", False, True)
    texts = [trial[row] for row in rows if trial[row] is not _MERGED]
    if all(_width(line) <= LINE_LENGTH for text in texts for line in text.split("\n")):
        out[rows[0] : rows[-1] + 1] = trial[rows[0] : rows[-1] + 1]
        return
    _elements(lines, out, logical, middle, indent + 4, "(", False, True)


def _value_in_parentheses(tokens: list[Token], indent: int) -> tuple[str, str] | None:
    """``target = call(`` too long before a split bracket, when black wraps the value.

    Black keeps the value's invisible parentheses when the target holds brackets
    (a subscript, or an annotation, which black wraps in invisible parentheses of
    its own) and ``target = (`` fits; the lines are that and the call's head.
    None when the target is a plain name (black then keeps the long line) or
    ``target = (`` does not fit.
    """
    equals = _top_level(tokens, {"="})
    if len(equals) != 1:
        raise Unsupported
    target, value = tokens[: equals[0]], tokens[equals[0] + 1 :]
    if not value or any(tok.string in _OPENERS for tok in value):
        raise Unsupported
    annotated = len(target) > 2 and target[1].string == ":"
    if not annotated and not any(tok.string in _OPENERS for tok in target):
        raise Unsupported
    pad = " " * indent
    first = pad + _render(target) + " = ("
    if _width(first) > LINE_LENGTH:
        if annotated:
            return None
        raise Unsupported
    return first, pad + "    " + _render(value)


def _annotation_in_parentheses(tokens: list[Token], indent: int) -> str:
    """``name: Annotation = call(`` too long, before a split bracket: black wraps
    the annotation (a plain name) in parentheses of its own instead."""
    if len(tokens) < 5 or tokens[1].string != ":" or tokens[0].type != token.NAME:
        raise Unsupported
    annotation, value = _annotation_and_value(tokens)
    if not value or any(
        tok.type != token.NAME and tok.string != "." for tok in annotation
    ):
        raise Unsupported
    if any(tok.string in _OPENERS for tok in value):
        raise Unsupported
    pad = " " * indent
    if _width(pad + "    " + _render(annotation)) > LINE_LENGTH:
        # Even alone the annotation does not fit: black leaves the line long.
        return pad + _render(tokens)
    return "\n".join(
        [
            _fits(pad + tokens[0].string + ": ("),
            pad + "    " + _render(annotation),
            _fits(pad + ") = " + _render(value)),
        ]
    )


# Shapes (see :func:`generator.layout.lines.shape`) of rows that are one element
# of a split bracket which black keeps as they are whenever they fit, with the
# indentation, bracket and kind (parameters or not) they were seen in.
_KEPT_ELEMENTS: set[tuple[str | None, int, str, bool]] = set()
# Black's text for element rows too long for the line, by the row's exact text
# and the same context (see ``_SPLIT_STATEMENTS`` in :mod:`.block`).
_SPLIT_ELEMENTS: dict[tuple[str, int, str, bool], str] = {}
# Shapes (in the same context) of element rows :func:`_split_call_element` split at
# one bracket, with where (see :mod:`.hugs` and ``_HUGGED_STATEMENTS``).
_HUGGED_ELEMENTS: dict[tuple[str | None, int, str, bool], hugs.Plan] = {}
# Shapes (in the same context) of element rows it split at one bracket with the
# contents one element a line (see :func:`.hugs.explode_plan`).
_EXPLODED_ELEMENTS: dict[tuple[str | None, int, str, bool], hugs.ExplodePlan] = {}


def _elements(
    lines: list[str],
    out: list[str],
    logical: _Logical,
    rows: list[int],
    indent: int,
    bracket: str,
    in_params: bool,
    call: bool = False,
) -> None:
    """The rows inside a split bracket: one element each, ending with ",".

    An element may itself be a bracket split one element a line (its rows follow
    its head row, and its closing bracket and comma take a row of their own): a
    magic trailing comma keeps black from joining it, so it is checked in turn.
    *call* says the bracket is a call's parentheses (see :func:`_nested`).
    """
    inner = " " * indent
    shapes = logical.shapes
    position = 0
    while position < len(rows):
        row = rows[position]
        key = None
        if shapes is not None:
            key = (shapes[row - logical.first], indent, bracket, in_params)
            line = lines[row]
            if key in _KEPT_ELEMENTS and _fit(line):
                position += 1
                continue
            split = _SPLIT_ELEMENTS.get((line, indent, bracket, in_params))
            if split is None and len(line) > LINE_LENGTH:
                # A shape may have both plans: its rows whose contents fit
                # on a line are cut at the bracket, the others exploded.
                if key in _HUGGED_ELEMENTS:
                    split = hugs.apply(line, _HUGGED_ELEMENTS[key], indent)
                if split is None and key in _EXPLODED_ELEMENTS:
                    split = hugs.apply_explode(line, _EXPLODED_ELEMENTS[key], indent)
                if split is not None:
                    _SPLIT_ELEMENTS[line, indent, bracket, in_params] = split
            if split is not None:
                out[row] = split
                position += 1
                continue
        element = logical.row(row)
        if element[-1].string in _OPENERS and not in_params:
            position = _nested(
                lines, out, logical, rows, position, indent, bracket, call
            )
            continue
        position += 1
        if element[-1].string != ",":
            raise Unsupported
        level = 0
        for tok in element[:-1]:
            if tok.string in _OPENERS:
                level += 1
            elif tok.string in _CLOSERS:
                level -= 1
                if level < 0:
                    raise Unsupported
            elif tok.string == "," and level == 0:
                raise Unsupported
        if level:
            raise Unsupported
        if _magic_comma(element):
            if in_params or bracket != "(":
                raise Unsupported
            out[row] = _explode_element(element, indent)
            continue
        rendered = inner + _render(element, bracket, in_params)
        if _unquoted(lines[row]) != _unquoted(rendered):
            raise Unsupported
        if _width(rendered) > LINE_LENGTH:
            body = element[:-1]
            if in_params:
                rendered = _split_parameter(body, indent, rendered)
            elif _unsplittable(body, bracket):
                pass  # black has nowhere to split it either: it stays long
            elif _plus_chain(body):
                rendered = _split_at_plus(body, indent) + ","
            elif bracket not in {"(", "{"}:
                raise Unsupported
            elif bracket == "{" and body[-1].string == "]":
                rendered = _split_dict_subscript(body, indent)
            else:
                rendered = _split_call_element(body, indent, bracket=bracket)
                if key is not None:
                    hugged = hugs.plan(lines[row], rendered, indent)
                    if hugged is not None:
                        _HUGGED_ELEMENTS[key] = hugged
                    else:
                        exploded = hugs.explode_plan(lines[row], rendered, indent)
                        if exploded is not None:
                            _EXPLODED_ELEMENTS[key] = exploded
            if key is not None:
                _SPLIT_ELEMENTS[lines[row], indent, bracket, in_params] = rendered
        elif key is not None and rendered == lines[row]:
            _KEPT_ELEMENTS.add(key)
        out[row] = rendered


def _nested(
    lines: list[str],
    out: list[str],
    logical: _Logical,
    rows: list[int],
    position: int,
    indent: int,
    bracket: str,
    call: bool = False,
) -> int:
    """An element split over rows (see :func:`_elements`); returns the next position."""
    head = logical.row(rows[position])
    opener = head[-1].string
    closer = _OPENERS[opener]
    # The element before the bracket: nothing (a display), a call, or ``name=``.
    before = head[:-1]
    if not before:
        kind = "display"
    elif len(before) == 2 and before[1].string == "=" and bracket == "(":
        kind = "display"
        if before[0].type != token.NAME or keyword.iskeyword(before[0].string):
            raise Unsupported
    elif opener == "(" and (
        before[-1].type == token.NAME and not keyword.iskeyword(before[-1].string)
    ):
        kind = "call"
        if _depth_zero_keywords(before) or _magic_comma(before):
            raise Unsupported
    else:
        raise Unsupported
    level = 1
    end = position + 1
    while end < len(rows):
        first, change = logical.summary(rows[end])
        if first in _CLOSERS and level == 1:
            break
        level += change
        end += 1
    if end >= len(rows):
        raise Unsupported
    tail = logical.row(rows[end])
    # The one argument of a call, itself a call split by its magic trailing comma,
    # may go without a comma: black's right-hand split takes the outer brackets
    # (no trailer can be omitted before a magic comma) and adds none.
    sole = call and kind == "call" and position == 0 and end == len(rows) - 1
    closing = [tok.string for tok in tail]
    if closing != [closer, ","] and not (sole and closing == [closer]):
        raise Unsupported
    inside = rows[position + 1 : end]
    if not inside:
        raise Unsupported
    # A one-element tuple display's comma is not magic: black would join it.
    if kind == "display" and opener == "(" and len(inside) == 1:
        raise Unsupported
    if opener == "[" and kind != "display":
        raise Unsupported
    inner = " " * indent
    if before:
        rendered_head = inner + _render(before, bracket) + opener
    else:
        rendered_head = inner + opener
    rendered_tail = inner + "".join(closing)
    for row, rendered in ((rows[position], rendered_head), (rows[end], rendered_tail)):
        if _unquoted(lines[row]) != _unquoted(rendered):
            raise Unsupported
        out[row] = _fits(rendered)
    _elements(lines, out, logical, inside, indent + 4, opener, False, kind == "call")
    return end + 1
