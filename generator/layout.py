"""Black's output for the simple blocks our templates emit, without running black.

Black costs about a millisecond per line, which made it 95% of a cold run on a big
spec.  Most generated blocks are already laid out the way black lays them out, apart
from string quotes and the blank line before the block, so :func:`fast_format`
checks a block line by line against a deliberately small subset of black's rules
and, where every line is known to be stable, returns black's text directly.  Any
construct outside that subset (a line over 88 columns, a comment, a slice, a unary
operator, parentheses black might remove, an unusual blank line...) makes it return
``None`` and the caller runs black on the block: the subset may only ever shrink
the work, never change the bytes.  ``tests/test_format.py`` compares the two on
every block of the corpus specs.
"""

from __future__ import annotations

import functools
import keyword
import re
import tokenize
from dataclasses import dataclass

from generator.pytokens import Token, TokenizeError, tokens

LINE_LENGTH = 88

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {")", "]", "}"}
_BINARY = {"|", "==", "!=", "<", ">", "<=", ">=", "+", "-", "->", "%", "+="}
_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?\Z")
_UNICODE_ESCAPE = re.compile(r"\\(N\{|[xuU][0-9a-f]*[A-F])")
# Keywords after which "(" starts an expression black may unwrap: refuse them all.
_SOFT_STATEMENTS = {"match", "case", "type"}


_MERGED = "\x00merged"
"""Marks a row whose text another entry of the output already holds."""


class Unsupported(Exception):
    """The block holds something outside the subset: let black format it."""


@dataclass(slots=True)
class _Logical:
    """One logical line: its tokens, the physical lines it covers, and the rows of
    the comment lines standing directly above it."""

    tokens: list[Token]
    first: int
    last: int
    comments: list[int]


_COMMENT = re.compile(r"#( [^\s].*)?\Z")
_DIRECTIVE = re.compile(r"#\s*(fmt|yapf|type|noqa)\b")
_IMPORTS = {"import", "from"}


def fast_format(block: str, module_start: bool = False) -> str | None:
    """Black's text for *block*, or None where the block is outside the subset.

    *module_start* says the block begins its file, where a string is the module's
    docstring (black normalises it and puts one blank line after it).
    """
    try:
        return _format(block, module_start)
    except (Unsupported, TokenizeError):
        return None
    except (IndexError, KeyError, ValueError):
        # Only a shortcut: a shape the checks did not foresee is black's to format.
        return None


def _format(block: str, module_start: bool = False) -> str:
    text = block.lstrip("\n").rstrip("\n") + "\n"
    if "\t" in text or "\\\n" in text or "\r" in text or "\f" in text:
        raise Unsupported
    lines = text.split("\n")[:-1]
    logicals = _logical_lines(text)
    if not logicals:
        raise Unsupported
    out = list(lines)
    opens_block = False
    depth_of_defs: list[int] = []
    previous: _Logical | None = None
    after_class_doc = False
    after_module_doc = False
    for logical in logicals:
        indent = _indent(lines[logical.first])
        if indent % 4:
            raise Unsupported
        depth = indent // 4
        first_token = logical.tokens[0]
        is_def = first_token.string in {"def", "class", "@", "async"}
        if logical.comments:
            # The comment lines are a line of their own for black's blank lines;
            # the statement under them follows them directly.
            _check_comments(lines, logical, indent)
            if is_def or opens_block or after_class_doc:
                raise Unsupported
            blanks = _blank_lines_before(lines, logical.comments[0])
        else:
            blanks = _blank_lines_before(lines, logical.first)
        previous_is_decorator = (
            previous is not None and previous.tokens[0].string == "@"
        )
        ended_def = False
        while depth_of_defs and depth_of_defs[-1] >= depth:
            depth_of_defs.pop()
            ended_def = True
        if previous is None:
            if blanks:
                raise Unsupported
            if _is_string_statement(logical) and not module_start:
                raise Unsupported
            if _is_string_statement(logical):
                after_module_doc = True
                out[logical.first] = _docstring(lines, logical, indent)
                for row in range(logical.first + 1, logical.last + 1):
                    out[row] = _MERGED
                opens_block = False
                previous = logical
                continue
        elif after_module_doc:
            # Black puts exactly one blank line after a module docstring.
            if blanks != 1 or is_def:
                raise Unsupported
        elif after_class_doc:
            if blanks != 1:
                raise Unsupported
        elif opens_block or previous_is_decorator:
            if blanks:
                raise Unsupported
        elif depth == 0:
            # Between top-level statements black keeps up to two blank lines,
            # but puts exactly two around a top-level def or class.
            if is_def or ended_def:
                if blanks != 2:
                    raise Unsupported
            elif blanks > 2:
                raise Unsupported
        elif is_def:
            # Black puts one blank line before a nested def (two become one).
            if blanks not in (1, 2):
                raise Unsupported
            if blanks == 2:
                out[logical.first - 1] = _MERGED
        elif ended_def:
            if blanks != 1:
                raise Unsupported
        elif blanks > 1:
            raise Unsupported
        if (
            previous is not None
            and not is_def
            and previous.tokens[0].string in _IMPORTS
            and (logical.comments or first_token.string not in _IMPORTS)
            and _indent(lines[previous.first]) == indent
            and blanks != 1
            and (indent == 0 or not blanks)
        ):
            # Black puts one blank line after imports (exactly one at the top level).
            raise Unsupported
        after_module_doc = False
        if first_token.string in {"def", "class", "async"}:
            depth_of_defs.append(depth)
        docstring = (previous is None or opens_block) and _is_string_statement(logical)
        if docstring:
            # One entry holds the whole docstring: the rows stay aligned with lines.
            out[logical.first] = _docstring(lines, logical, indent)
            for row in range(logical.first + 1, logical.last + 1):
                out[row] = _MERGED
        elif _is_string_statement(logical):
            _string_statement(lines, out, logical)
        else:
            _code(lines, out, logical, indent)
        after_class_doc = (
            docstring and previous is not None and previous.tokens[0].string == "class"
        )
        opens_block = logical.tokens[-1].string == ":"
        previous = logical
    if opens_block:
        raise Unsupported
    return "\n".join(line for line in out if line is not _MERGED) + "\n"


def _check_comments(lines: list[str], logical: _Logical, indent: int) -> None:
    """Comment lines black keeps as they are: ``# text`` directly above a statement
    at its indentation, none of them a directive (``# fmt: off``, ``# type:``)."""
    rows = logical.comments
    if rows != list(range(rows[0], logical.first)):
        raise Unsupported
    for row in rows:
        line = lines[row]
        comment = line[indent:]
        if _indent(line) != indent or not _COMMENT.match(comment):
            raise Unsupported
        if _DIRECTIVE.match(comment) or comment != comment.rstrip():
            raise Unsupported


@functools.lru_cache(maxsize=4)
def _logical_lines(text: str) -> list[_Logical]:
    """The logical lines of *text*; remembered for the few latest texts, because a
    class the fast path refuses is cut into groups (:func:`class_members`) from
    the same text.  Callers must not change what it returns."""
    return _read_logical_lines(text)


def _read_logical_lines(text: str) -> list[_Logical]:
    logicals: list[_Logical] = []
    current: list[Token] = []
    comments: list[int] = []
    indents: list[int] = []
    opens_block = False
    for tok in tokens(text):
        kind = tok.type
        if kind == tokenize.COMMENT:
            if current:
                raise Unsupported  # a comment after code or inside brackets
            comments.append(tok.start[0] - 1)
            continue
        if kind == tokenize.NL:
            continue
        if kind == tokenize.NEWLINE:
            logicals.append(
                _Logical(current, current[0].start[0] - 1, tok.start[0] - 1, comments)
            )
            opens_block = current[-1].string == ":"
            current = []
            comments = []
            continue
        if kind == tokenize.OP and tok.string == ";":
            raise Unsupported
        if not current:
            _check_indent(indents, tok.start[1], opens_block)
        current.append(tok)
    if current or comments:
        raise Unsupported
    return logicals


def _check_indent(indents: list[int], column: int, after_colon: bool) -> None:
    """Indentation Python accepts: deeper only after ``:``, back only to a level seen."""
    if not indents:
        indents.append(column)
        return
    if after_colon:
        if column <= indents[-1]:
            raise Unsupported
        indents.append(column)
        return
    while column < indents[-1]:
        indents.pop()
    if column != indents[-1]:
        raise Unsupported


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank_lines_before(lines: list[str], first: int) -> int:
    count = 0
    row = first - 1
    while row >= 0 and not lines[row].strip():
        if lines[row]:
            raise Unsupported  # whitespace-only line
        count += 1
        row -= 1
    return count


def _is_string_statement(logical: _Logical) -> bool:
    return len(logical.tokens) == 1 and logical.tokens[0].type == tokenize.STRING


def _width(line: str) -> int:
    """The width black measures, for ASCII lines only.

    Black counts wide characters twice and combining ones not at all; the choice
    between keeping and splitting a line must be exactly black's, so a code line
    with other characters is left to black.
    """
    if not line.isascii():
        raise Unsupported
    return len(line)


def _docstring(lines: list[str], logical: _Logical, indent: int) -> str:
    """The docstring as black writes it; only shapes that black keeps as they are,
    apart from the space black puts between a quote and the delimiters."""
    tok = logical.tokens[0]
    value = tok.string
    if not value.startswith('"""') or not value.endswith('"""') or len(value) < 7:
        raise Unsupported
    if tok.start[1] != indent:
        raise Unsupported
    if lines[logical.last][tok.end[1] :] or lines[logical.first][:indent].strip():
        raise Unsupported
    body = value[3:-3]
    # One backslash is understood: the escape of a quote ending the text.
    escaped_end = body.endswith('\\"') and not body.endswith('\\\\"')
    if "\\" in (body[:-2] if escaped_end else body):
        raise Unsupported
    prefix = " " * indent
    # Closing quotes on a line of their own stay there when the text spans lines.
    closing_alone = body.endswith("\n" + prefix) and "\n" in body[: -len(prefix) - 1]
    if closing_alone:
        body = body[: -len(prefix) - 1]
    if body != body.strip() or escaped_end and closing_alone:
        raise Unsupported
    # Black pads a quote next to the delimiters with a space.
    start_pad = " " if body[0] == '"' else ""
    end_pad = " " if body[-1] == '"' else ""
    padded = '"""' + start_pad + body + end_pad
    if "\n" not in body:
        return " " * indent + padded + '"""'
    rest = body.split("\n")[1:]
    minimum = None
    for line in rest:
        if not line:
            continue
        if line != line.rstrip() or not line.startswith(prefix):
            raise Unsupported
        line_indent = _indent(line)
        minimum = line_indent if minimum is None else min(minimum, line_indent)
    if minimum != indent:
        raise Unsupported
    if closing_alone:
        return " " * indent + padded + "\n" + prefix + '"""'
    if len(rest[-1]) + len(end_pad) + 3 > LINE_LENGTH:
        # Black moves the closing quotes to a line of their own (and needs no pad).
        return " " * indent + '"""' + start_pad + body + "\n" + prefix + '"""'
    return " " * indent + padded + '"""'


def _string_statement(lines: list[str], out: list[str], logical: _Logical) -> None:
    tok = logical.tokens[0]
    if (
        tok.start[1] != _indent(lines[logical.first])
        or lines[logical.last][tok.end[1] :]
    ):
        raise Unsupported
    value = tok.string
    if value.startswith('"""') and value.endswith('"""') and len(value) >= 6:
        if _UNICODE_ESCAPE.search(value):
            raise Unsupported
        return
    if "\n" in value:
        raise Unsupported
    out[logical.first] = lines[logical.first][: tok.start[1]] + _string(value)


def _string(value: str) -> str:
    """A one-line string literal with black's quotes (only unprefixed plain strings)."""
    if value[0] not in "'\"" or value[:3] in ('"""', "'''") or len(value) < 2:
        raise Unsupported
    body = value[1:-1]
    if "\\'" in body or '\\"' in body or _UNICODE_ESCAPE.search(body):
        raise Unsupported
    if value[0] == '"' or '"' in body:
        return value
    return '"' + body + '"'


def _code(lines: list[str], out: list[str], logical: _Logical, indent: int) -> None:
    tokens = logical.tokens
    first = tokens[0]
    if first.string in _SOFT_STATEMENTS and len(tokens) > 1:
        if tokens[1].type == tokenize.NAME:
            raise Unsupported
    if logical.first == logical.last:
        line = lines[logical.first]
        rendered = " " * indent + _render(tokens)
        if _magic_comma(tokens) or _unquoted(line) != _unquoted(rendered):
            raise Unsupported
        if _width(rendered) > LINE_LENGTH:
            if tokens[0].string == "def":
                rendered = _split_def(tokens, indent)
            elif tokens[0].string == "class":
                rendered = _split_class(tokens, indent, rendered)
            elif len(tokens) > 2 and tokens[1].string == ":":
                rendered = _split_annotated(tokens, indent)
            elif first.string in {"if", "elif", "while"}:
                rendered = _split_condition(tokens, indent)
            else:
                rendered = _split_statement(tokens, indent)
        out[logical.first] = rendered
        return
    _exploded(lines, out, logical, indent)


def _unquoted(line: str) -> str:
    """A line as black sees it: its spacing and quotes do not count."""
    return "".join(line.replace("'", '"').split())


def _magic_comma(tokens: list[Token]) -> bool:
    """Whether a comma before a closing bracket makes black split the line.

    A one-tuple's comma (``("a",)``) is the only such comma black ignores that
    this accepts; any other is taken as magic (and the block refused).
    """
    for index in range(len(tokens) - 1):
        if tokens[index].string == "," and tokens[index + 1].string in _CLOSERS:
            if not _one_tuple(tokens, index + 1):
                return True
    return False


def _one_tuple(tokens: list[Token], closer: int) -> bool:
    if tokens[closer].string != ")":
        return False
    opener = _matching_opener(tokens, closer)
    if opener > 0:
        before = tokens[opener - 1]
        if before.string in _CLOSERS or (
            before.type == tokenize.NAME and not keyword.iskeyword(before.string)
        ):
            return False  # a call's parentheses
    return len(_top_level_commas(tokens[opener + 1 : closer])) == 1


def _explode_element(element: list[Token], indent: int) -> str:
    """``name=(a, b, ),`` in a split call: its magic trailing comma splits it too."""
    tokens = element[:-1]
    if len(tokens) < 4 or tokens[-1].string != ")":
        raise Unsupported
    opener = _matching_opener(tokens, len(tokens) - 1)
    head = tokens[:opener]
    if not (
        len(head) == 2
        and head[0].type == tokenize.NAME
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
    tokens = logical.tokens
    by_row: dict[int, list[Token]] = {}
    for tok in tokens:
        if tok.start[0] != tok.end[0]:
            raise Unsupported
        by_row.setdefault(tok.start[0] - 1, []).append(tok)
    rows = list(range(logical.first, logical.last + 1))
    if any(row not in by_row for row in rows):
        raise Unsupported
    head = by_row[rows[0]]
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
    # ``from module import (`` names, one a line: black keeps them so.
    imported = before.string == "import" and head[0].string == "from"
    if imported and (opener.string != "(" or "import" in (t.string for t in head[:-2])):
        raise Unsupported
    if not (
        before.type == tokenize.NAME
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
    tail = by_row[rows[-1]]
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
        joined = _fits(" " * indent + _render(tokens))
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
    _fits(rendered_tail)
    if _width(rendered_head) > LINE_LENGTH:
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
            _elements(lines, out, by_row, middle, indent + 8, opener.string, False)
            return
    _elements(lines, out, by_row, middle, indent + 4, opener.string, in_params)


def _value_in_parentheses(tokens: list[Token], indent: int) -> tuple[str, str] | None:
    """``target = call(`` too long before a split bracket, when black wraps the value.

    Black keeps the value's invisible parentheses when the target holds brackets
    (a subscript, or an annotation, which black wraps in invisible parentheses of
    its own) and ``target = (`` fits; the lines are that and the call's head.
    None when the target is a plain name (black then keeps the long line) or
    ``target = (`` does not fit.
    """
    equals = [
        i
        for i, tok in enumerate(tokens)
        if tok.string == "=" and _level_at(tokens, i) == 0
    ]
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
    if len(tokens) < 5 or tokens[1].string != ":" or tokens[0].type != tokenize.NAME:
        raise Unsupported
    annotation, value = _annotation_and_value(tokens)
    if not value or any(
        tok.type != tokenize.NAME and tok.string != "." for tok in annotation
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


def _elements(
    lines: list[str],
    out: list[str],
    by_row: dict[int, list[Token]],
    rows: list[int],
    indent: int,
    bracket: str,
    in_params: bool,
) -> None:
    """The rows inside a split bracket: one element each, ending with ",".

    An element may itself be a bracket split one element a line (its rows follow
    its head row, and its closing bracket and comma take a row of their own): a
    magic trailing comma keeps black from joining it, so it is checked in turn.
    """
    inner = " " * indent
    position = 0
    while position < len(rows):
        row = rows[position]
        element = by_row[row]
        if element[-1].string in _OPENERS and not in_params:
            position = _nested(lines, out, by_row, rows, position, indent, bracket)
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
            elif bracket != "(":
                raise Unsupported
            else:
                rendered = _split_call_element(body, indent)
        out[row] = rendered


def _unsplittable(tokens: list[Token], bracket: str) -> bool:
    """A dotted name, a literal, or (in a dict) ``key: value`` of those.

    Such an element has no bracket and no delimiter (a dot after a name is not
    one), so black leaves it as long as it is.
    """
    for tok in tokens:
        if tok.type in (tokenize.STRING, tokenize.NUMBER):
            continue
        if tok.type == tokenize.NAME:
            if keyword.iskeyword(tok.string) and tok.string not in _CONSTANTS:
                return False
            continue
        if tok.string == "." or (tok.string == ":" and bracket == "{"):
            continue
        return False
    strings = [i for i, tok in enumerate(tokens) if tok.type == tokenize.STRING]
    # Adjacent strings are an implicit concatenation: black splits between them.
    return not any(b == a + 1 for a, b in zip(strings, strings[1:]))


_CONSTANTS = {"None", "True", "False"}


def _plus_chain(tokens: list[Token]) -> bool:
    """Whether ``+`` is the only operator outside brackets (then black splits there)."""
    level = 0
    pluses = 0
    previous: Token | None = None
    for tok in tokens:
        s = tok.string
        if s in _OPENERS:
            level += 1
        elif s in _CLOSERS:
            level -= 1
        elif level == 0:
            if s == "+":
                if (
                    previous is None
                    or previous.type == tokenize.OP
                    and (previous.string not in _CLOSERS)
                ):
                    return False  # unary
                pluses += 1
            elif tok.type == tokenize.OP and s != ".":
                return False
            elif tok.type == tokenize.NAME and keyword.iskeyword(s):
                return False
            elif (
                tok.type == tokenize.STRING
                and previous is not None
                and previous.type == tokenize.STRING
            ):
                return False
        previous = tok
    return pluses > 0


def _split_condition(tokens: list[Token], indent: int) -> str:
    """A too long ``if a and b:``: black wraps the condition in parentheses.

    Only conditions that neither start nor end with a bracket (black would look at
    splitting those brackets first) and whose top level joins comparisons with
    ``and`` alone: split further, one operand a line, each must fit.
    """
    body = tokens[1:-1]
    if tokens[-1].string != ":" or not body:
        raise Unsupported
    pad = " " * indent
    if body[-1].string == ")":
        # ``if [not] name(arguments):`` with no operator outside the call: black
        # splits at the call's bracket instead.
        opener = _matching_opener(body, len(body) - 1)
        callee = body[1:opener] if body[0].string == "not" else body[:opener]
        if not callee or any(
            tok.type != tokenize.NAME
            and tok.string != "."
            or keyword.iskeyword(tok.string)
            for tok in callee
        ):
            raise Unsupported
        head = _fits(pad + _render([tokens[0], *body[: opener + 1]], "("))
        contents = _split_body(body[opener + 1 : -1], indent + 4, False, False)
        return "\n".join([head, *contents, pad + "):"])
    if body[0].string in _OPENERS:
        raise Unsupported
    top = [tok.string for i, tok in enumerate(body) if _level_at(body, i) == 0]
    if "or" in top or "if" in top or "lambda" in top or ":=" in top:
        raise Unsupported
    inner = pad + "    "
    lines = [_fits(pad + tokens[0].string + " (")]
    one_line = inner + _render(body)
    if _width(one_line) <= LINE_LENGTH:
        lines.append(one_line)
    else:
        cuts = [
            i
            for i, tok in enumerate(body)
            if tok.string == "and" and _level_at(body, i) == 0
        ]
        if not cuts:
            raise Unsupported
        start = 0
        for cut in [*cuts, len(body)]:
            lines.append(_fits(_piece(inner, body[start:cut], "and")))
            start = cut
    lines.append(pad + "):")
    return "\n".join(lines)


def _split_at_plus(tokens: list[Token], indent: int) -> str:
    """Black's delimiter split of a ``+`` chain: one operand a line, ``+`` first."""
    prefix = " " * indent
    cuts = [
        i
        for i, tok in enumerate(tokens)
        if tok.string == "+" and _level_at(tokens, i) == 0
    ]
    pieces = []
    start = 0
    for cut in [*cuts, len(tokens)]:
        pieces.append(_piece(prefix, tokens[start:cut], "+"))
        start = cut
    return "\n".join(pieces)


def _nested(
    lines: list[str],
    out: list[str],
    by_row: dict[int, list[Token]],
    rows: list[int],
    position: int,
    indent: int,
    bracket: str,
) -> int:
    """An element split over rows (see :func:`_elements`); returns the next position."""
    head = by_row[rows[position]]
    opener = head[-1].string
    closer = _OPENERS[opener]
    # The element before the bracket: nothing (a display), a call, or ``name=``.
    before = head[:-1]
    if not before:
        kind = "display"
    elif len(before) == 2 and before[1].string == "=" and bracket == "(":
        kind = "display"
        if before[0].type != tokenize.NAME or keyword.iskeyword(before[0].string):
            raise Unsupported
    elif opener == "(" and (
        before[-1].type == tokenize.NAME and not keyword.iskeyword(before[-1].string)
    ):
        kind = "call"
        if _depth_zero_keywords(before) or _magic_comma(before):
            raise Unsupported
    else:
        raise Unsupported
    level = 1
    end = position + 1
    while end < len(rows):
        tokens = by_row[rows[end]]
        if tokens[0].string in _CLOSERS and level == 1:
            break
        for tok in tokens:
            if tok.string in _OPENERS:
                level += 1
            elif tok.string in _CLOSERS:
                level -= 1
        end += 1
    if end >= len(rows):
        raise Unsupported
    tail = by_row[rows[end]]
    if [tok.string for tok in tail] != [closer, ","]:
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
    rendered_tail = inner + closer + ","
    for row, rendered in ((rows[position], rendered_head), (rows[end], rendered_tail)):
        if _unquoted(lines[row]) != _unquoted(rendered):
            raise Unsupported
        out[row] = _fits(rendered)
    _elements(lines, out, by_row, inside, indent + 4, opener, False)
    return end + 1


def _depth_zero_keywords(tokens: list[Token]) -> bool:
    """Whether the head holds an operator or keyword black might split at instead."""
    level = 0
    for tok in tokens:
        if tok.string in _OPENERS:
            level += 1
        elif tok.string in _CLOSERS:
            level -= 1
        elif level == 0 and (
            tok.string in _BINARY
            or tok.string in {"and", "or", "not", "if", "else", "in", "is", "lambda"}
        ):
            return True
    return False


def _render(tokens: list[Token], in_brackets: str = "", in_params: bool = False) -> str:
    """The tokens of one physical line with black's spacing, or Unsupported.

    *in_brackets* names the bracket the line sits in when it is one element of a
    split bracket ("(" for arguments or parameters).
    """
    parts: list[str] = []
    stack: list[str] = [in_brackets] if in_brackets else []
    # Per open "(": whether it holds parameters of a def, and whether the current
    # parameter has an annotation (then its "=" takes spaces).
    params: list[bool] = [False] if in_brackets else []
    annotated: list[bool] = [False] if in_brackets else []
    is_def = tokens[0].string in {"def", "async"}
    if in_params:
        params[-1] = True
    prev: Token | None = None
    prev_kind = ""  # "open", "dot", "kwarg", "decorator", "unary", "" (plain)
    for i, tok in enumerate(tokens):
        s = tok.string
        kind = tok.type
        space = prev is not None and prev_kind not in {
            "open",
            "dot",
            "kwarg",
            "decorator",
        }
        this_kind = ""
        if kind == tokenize.NAME:
            if s in {"lambda", "yield"}:
                raise Unsupported
        elif kind == tokenize.NUMBER:
            if not _NUMBER.match(s):
                raise Unsupported
        elif kind == tokenize.STRING:
            s = _string(s)
        elif kind == tokenize.OP:
            if s in _OPENERS:
                if prev is not None and (
                    prev.type == tokenize.NAME
                    and not keyword.iskeyword(prev.string)
                    or prev.string in _CLOSERS
                    or prev.type == tokenize.STRING
                ):
                    space = False
                elif s == "(" and not (
                    prev is not None
                    and (prev.string == "," or prev_kind in {"open", "kwarg"})
                    # An element of a split bracket: black keeps its parentheses.
                    or prev is None
                    and in_brackets
                ):
                    raise Unsupported  # a parenthesised expression black may unwrap
                stack.append(s)
                is_params = (
                    s == "("
                    and is_def
                    and i >= 2
                    and tokens[i - 2].string == "def"
                    and len(stack) == 1
                )
                params.append(is_params)
                annotated.append(False)
                this_kind = "open"
            elif s in _CLOSERS:
                if not stack or _OPENERS[stack[-1]] != s:
                    raise Unsupported
                stack.pop()
                params.pop()
                annotated.pop()
                space = False
            elif s == ",":
                space = False
                if annotated:
                    annotated[-1] = False
            elif s == ":":
                space = False
                if stack and stack[-1] == "[":
                    raise Unsupported  # a slice
                if params and params[-1]:
                    annotated[-1] = True
            elif s == ".":
                if prev is not None and prev.string in {"from", "import"}:
                    space = True
                    this_kind = "dot"
                    if i + 1 < len(tokens) and tokens[i + 1].string == "import":
                        this_kind = ""
                else:
                    space = False
                    this_kind = "dot"
            elif s == "=":
                if stack and stack[-1] == "(":
                    if params[-1] and annotated[-1]:
                        pass
                    else:
                        space = False
                        this_kind = "kwarg"
                elif stack:
                    raise Unsupported
            elif s == "@":
                if i != 0:
                    raise Unsupported
                this_kind = "decorator"
            elif s == "*":
                nxt = tokens[i + 1].string if i + 1 < len(tokens) else ""
                if nxt not in {",", ")"} or not (params and params[-1]):
                    raise Unsupported
            elif s in _BINARY:
                if (
                    prev is None
                    or prev.type == tokenize.OP
                    and (prev.string not in _CLOSERS)
                ):
                    raise Unsupported  # unary
                if prev.type == tokenize.NAME and keyword.iskeyword(prev.string):
                    if prev.string not in {"None", "True", "False"}:
                        raise Unsupported
            else:
                raise Unsupported
        else:
            raise Unsupported
        if prev is not None and prev_kind == "kwarg":
            space = False
        if space:
            parts.append(" ")
        parts.append(s)
        prev = tok
        prev_kind = this_kind
    if stack and not in_brackets:
        raise Unsupported
    return "".join(parts)


def _top_level_commas(tokens: list[Token]) -> list[int]:
    level = 0
    commas = []
    for index, tok in enumerate(tokens):
        if tok.string in _OPENERS:
            level += 1
        elif tok.string in _CLOSERS:
            level -= 1
        elif tok.string == "," and level == 0:
            commas.append(index)
    return commas


def _fits(line: str) -> str:
    if _width(line) > LINE_LENGTH:
        raise Unsupported
    return line


def _split_body(
    body: list[Token], indent: int, in_params: bool, is_def: bool
) -> list[str]:
    """Black's lines for the inside of a split bracket (arguments or parameters)."""
    if not body:
        raise Unsupported
    prefix = " " * indent
    commas = _top_level_commas(body)
    if is_def and not commas:
        return [_fits(prefix + _render(body, "(", in_params) + ",")]
    one_line = prefix + _render(body, "(", in_params)
    if _width(one_line) <= LINE_LENGTH:
        return [one_line]
    if not commas:
        if not is_def and all(
            tok.type == tokenize.NAME
            and not keyword.iskeyword(tok.string)
            or tok.string == "."
            for tok in body
        ):
            return [one_line]  # a long name: black cannot split it either
        if not is_def and body[-1].string == ")":
            # A lone call as the argument: split in turn at its last bracket,
            # without a trailing comma (black adds one only where it splits commas).
            return _split_call_element(body, indent, comma="").split("\n")
        raise Unsupported
    pieces = []
    start = 0
    for comma in [*commas, len(body)]:
        piece = body[start:comma]
        if not piece:
            raise Unsupported
        line = prefix + _render(piece, "(", in_params) + ","
        if _width(line) > LINE_LENGTH and not (
            not is_def and _unsplittable(piece, "(")
        ):
            if is_def:
                raise Unsupported
            line = _split_call_element(piece, indent)
        pieces.append(line)
        start = comma + 1
    return pieces


def _split_call_element(tokens: list[Token], indent: int, comma: str = ",") -> str:
    """A too long ``name=call(args),`` element: split at its last bracket, as black.

    *tokens* leave out the element's comma, which black keeps after the bracket.
    """
    if not tokens or tokens[-1].string != ")":
        raise Unsupported
    level = 0
    opener = -1
    for index in range(len(tokens) - 1, -1, -1):
        s = tokens[index].string
        if s in _CLOSERS:
            level += 1
        elif s in _OPENERS:
            level -= 1
            if level == 0:
                opener = index
                break
    if opener < 1 or tokens[opener].string != "(":
        raise Unsupported
    before = tokens[opener - 1]
    if before.type != tokenize.NAME or keyword.iskeyword(before.string):
        raise Unsupported
    if _depth_zero_keywords(tokens[:opener]):
        raise Unsupported
    head = _fits(" " * indent + _render(tokens[:opener], "(") + "(")
    body = _split_body(tokens[opener + 1 : -1], indent + 4, False, False)
    return "\n".join([head, *body, " " * indent + ")" + comma])


def _split_def(tokens: list[Token], indent: int) -> str:
    """A too long ``def name(params) -> T:`` split at its parameters, as black."""
    if tokens[0].string != "def" or len(tokens) < 6 or tokens[2].string != "(":
        raise Unsupported
    level = 0
    closer = -1
    for index in range(2, len(tokens)):
        s = tokens[index].string
        if s in _OPENERS:
            level += 1
        elif s in _CLOSERS:
            level -= 1
            if level == 0:
                closer = index
                break
    tail = tokens[closer + 1 :]
    if closer < 0 or tail[-1].string != ":":
        raise Unsupported
    if len(tail) > 1 and (tail[0].string != "->" or len(tail) < 3):
        raise Unsupported
    # Black splits a def at its parameters even when the first or last line stays
    # too long: nothing else in them could be split (a bracket could: refused).
    head = " " * indent + _render(tokens[:2]) + "("
    pad = " " * indent
    tail_text = pad + ")" + (" -> " + _render(tail[1:]) if len(tail) > 1 else ":")
    if any(tok.string in _OPENERS for tok in tail):
        _fits(tail_text)
    elif _width(tail_text) > LINE_LENGTH and len(tail) > 1:
        # A long return annotation goes in parentheses when it then fits.
        returned = pad + "    " + _render(tail[1:-1])
        if _width(returned) <= LINE_LENGTH:
            tail_text = "\n".join([pad + ") -> (", returned, pad + "):"])
    body = _split_body(tokens[3:closer], indent + 4, True, True)
    return "\n".join([head, *body, tail_text])


_TERNARY_SAFE = {"is", "not", "==", "!=", "|", ".", "None", "True", "False"}


def _split_call_statement(tokens: list[Token], indent: int) -> str:
    """A too long call on its own, ``name.attr(arguments)``: split at its bracket."""
    if tokens[-1].string != ")":
        raise Unsupported
    opener = _matching_opener(tokens, len(tokens) - 1)
    callee = tokens[:opener]
    if not callee or any(
        tok.type != tokenize.NAME and tok.string != "." or keyword.iskeyword(tok.string)
        for tok in callee
    ):
        raise Unsupported
    head = _fits(" " * indent + _render(tokens[: opener + 1], "("))
    body = _split_group(tokens[opener + 1 : -1], indent + 4, False)
    return "\n".join([head, *body, " " * indent + ")"])


def _split_statement(tokens: list[Token], indent: int) -> str:
    """A too long ``target = value`` or ``return value``, split as black splits it.

    Black puts invisible parentheses around the value.  A value with no operator
    outside brackets that ends with a bracket is split at that bracket; a value
    without brackets, or one whose top level is a chain of two or more ``|`` or a
    conditional expression, is wrapped in parentheses on lines of its own.
    """
    if tokens[0].string == "return":
        split = 1
    else:
        equals = [
            i
            for i, tok in enumerate(tokens)
            if tok.string == "=" and _level_at(tokens, i) == 0
        ]
        if not equals:
            return _split_call_statement(tokens, indent)
        if len(equals) != 1:
            raise Unsupported
        split = equals[0] + 1
        for tok in tokens[: split - 1]:
            if tok.type == tokenize.NAME and keyword.iskeyword(tok.string):
                if tok.string not in {"None", "True", "False"}:
                    raise Unsupported
    prefix_tokens, body = tokens[:split], tokens[split:]
    if not body:
        raise Unsupported
    prefix = " " * indent + _render(prefix_tokens) + " "
    if prefix_tokens[-1].string == "=":
        prefix = " " * indent + _render(prefix_tokens[:-1]) + " = "
    inner = " " * (indent + 4)
    top = [tok for i, tok in enumerate(body) if _level_at(body, i) == 0]
    top_strings = [tok.string for tok in top]
    has_brackets = any(tok.string in _OPENERS for tok in body)
    # One "|": black keeps the parentheses unless the value starts or ends with
    # a bracket (then it would look further; that case is left to black).
    single_bar = (
        top_strings.count("|") == 1
        and body[0].string not in _OPENERS
        and (
            body[-1].type == tokenize.NAME
            or body[-1].string == "]"
            and _subscript_end(body)
        )
    )
    if "if" in top_strings or top_strings.count("|") >= 2 or single_bar:
        for tok in top:
            if tok.type == tokenize.OP and tok.string not in (
                _TERNARY_SAFE | _OPENERS.keys() | _CLOSERS
            ):
                raise Unsupported
            if tok.type == tokenize.NAME and keyword.iskeyword(tok.string):
                if tok.string not in _TERNARY_SAFE | {"if", "else"}:
                    raise Unsupported
        if "if" in top_strings:
            if top_strings.count("if") != 1 or top_strings.count("else") != 1:
                raise Unsupported
            delimiters = {"if", "else"}
        else:
            delimiters = {"|"}
        lines = [_fits(prefix + "(")]
        one_line = inner + _render(body)
        if _width(one_line) <= LINE_LENGTH:
            lines.append(one_line)
        else:
            start = 0
            cuts = [
                i
                for i, tok in enumerate(body)
                if tok.string in delimiters and _level_at(body, i) == 0
            ]
            for cut in [*cuts, len(body)]:
                lines.append(_piece(inner, body[start:cut]))
                start = cut
        lines.append(" " * indent + ")")
        return "\n".join(lines)
    for i, tok in enumerate(body):
        if _level_at(body, i) != 0 or tok.string in _OPENERS or tok.string in _CLOSERS:
            continue
        if tok.type == tokenize.OP and tok.string != ".":
            raise Unsupported
        if tok.type == tokenize.NAME and keyword.iskeyword(tok.string):
            if tok.string not in {"None", "True", "False"}:
                if not (tok.string == "await" and i == 0):
                    raise Unsupported
        if tok.string == "." and i and body[i - 1].string in _CLOSERS:
            raise Unsupported
    if not has_brackets:
        body_line = _fits(inner + _render(body))
        return "\n".join([_fits(prefix + "("), body_line, " " * indent + ")"])
    if body[-1].string not in _CLOSERS:
        raise Unsupported
    opener = _matching_opener(body, len(body) - 1)
    # Brackets before the last one must be calls or subscripts (a trailer chain).
    for i, tok in enumerate(body[:opener]):
        if tok.string in _OPENERS and _level_at(body, i) == 0:
            before = body[i - 1] if i else None
            if before is None or not (
                before.string in _CLOSERS
                or before.type == tokenize.NAME
                and not keyword.iskeyword(before.string)
            ):
                raise Unsupported
    head_text = _render(body[:opener]) if opener else ""
    display = (
        opener == 0
        or body[opener - 1].string not in _CLOSERS
        and not (
            body[opener - 1].type == tokenize.NAME
            and not keyword.iskeyword(body[opener - 1].string)
        )
    )
    contents = body[opener + 1 : -1]
    head = prefix + head_text + body[opener].string
    if _width(head) > LINE_LENGTH:
        # With brackets in the target (``data["key"] = f(...)``), black keeps the
        # value's parentheses when splitting at its last bracket leaves the first
        # line too long; without them it splits there anyway (left to black).
        target = prefix_tokens[:-1]
        # An annotation counts as brackets: black wraps it in invisible ones.
        annotated = len(target) > 2 and target[1].string == ":"
        if prefix_tokens[-1].string != "=" or not (
            annotated or any(tok.string in _OPENERS for tok in target)
        ):
            raise Unsupported
        _fits(prefix.rstrip() + " ")  # the target with its "(" must fit
        if any(tok.string in _OPENERS for tok in body[:opener]):
            raise Unsupported  # a chain of calls: black may split an earlier one
        inner = " " * (indent + 4)
        one_line = inner + _render(body)
        if _width(one_line) <= LINE_LENGTH:
            value = [one_line]
        else:
            inner_head = inner + head_text + body[opener].string
            value = [
                inner_head,
                *_split_group(contents, indent + 8, display),
                inner + body[-1].string,
            ]
        return "\n".join([prefix + "(", *value, " " * indent + ")"])
    closing = " " * indent + body[-1].string
    return "\n".join([head, *_split_group(contents, indent + 4, display), closing])


def _matching_opener(tokens: list[Token], closer: int) -> int:
    level = 0
    for index in range(closer, -1, -1):
        s = tokens[index].string
        if s in _CLOSERS:
            level += 1
        elif s in _OPENERS:
            level -= 1
            if level == 0:
                return index
    raise Unsupported


def _level_at(tokens: list[Token], index: int) -> int:
    """The bracket depth of *tokens[index]* (a bracket itself counts outside)."""
    level = 0
    for tok in tokens[:index]:
        if tok.string in _OPENERS:
            level += 1
        elif tok.string in _CLOSERS:
            level -= 1
    return level


def _split_group(contents: list[Token], indent: int, display: bool) -> list[str]:
    """Black's lines for the inside of a bracket split after its opener."""
    if not contents:
        raise Unsupported
    prefix = " " * indent
    commas = _top_level_commas(contents)
    fors = [
        i
        for i, tok in enumerate(contents)
        if tok.string in {"for", "async", "if", "lambda"}
        and _level_at(contents, i) == 0
    ]
    if fors:
        if [contents[i].string for i in fors] != ["for"] or not display:
            raise Unsupported
        one_line = prefix + _render(contents, "{")
        if _width(one_line) <= LINE_LENGTH:
            return [one_line]
        cut = fors[0]
        return [
            _fits(prefix + _render(contents[:cut], "{")),
            _fits(prefix + _render(contents[cut:], "{")),
        ]
    if display and commas:
        return _explode(contents, commas, prefix)
    one_line = prefix + _render(contents, "(")
    if _width(one_line) <= LINE_LENGTH:
        return [one_line]
    if commas:
        return _explode(contents, commas, prefix)
    # One argument that is itself a display: split it in turn.
    if contents[0].string in {"{", "["} and contents[-1].string in _CLOSERS:
        if _matching_opener(contents, len(contents) - 1) == 0:
            return [
                prefix + contents[0].string,
                *_split_group(contents[1:-1], indent + 4, True),
                prefix + contents[-1].string,
            ]
    raise Unsupported


def _explode(contents: list[Token], commas: list[int], prefix: str) -> list[str]:
    pieces = []
    start = 0
    ends = commas if commas[-1] == len(contents) - 1 else [*commas, len(contents)]
    for end in ends:
        piece = contents[start:end]
        if not piece:
            raise Unsupported
        line = prefix + _render(piece, "(") + ","
        if _width(line) > LINE_LENGTH and not _unsplittable(piece, "("):
            # An element that does not fit is split in turn, at its last bracket.
            line = _split_call_element(piece, len(prefix))
        pieces.append(line)
        start = end + 1
    return pieces


def _split_annotated(tokens: list[Token], indent: int) -> str:
    """A too long ``name: annotation [= value]``, split as black splits it.

    Black wraps the annotation in invisible parentheses too: when ``name:
    annotation = (`` does not fit, the annotation is what gets split.
    """
    if tokens[0].type != tokenize.NAME or keyword.iskeyword(tokens[0].string):
        raise Unsupported
    annotation, value = _annotation_and_value(tokens)
    if not annotation:
        raise Unsupported
    pad = " " * indent
    name = pad + tokens[0].string + ": "
    if value:
        if _width(pad + _render(tokens[: 2 + len(annotation)]) + " = (") <= LINE_LENGTH:
            return _split_statement(tokens, indent)
        if all(tok.type == tokenize.NAME or tok.string == "." for tok in annotation):
            return _annotation_apart(tokens[0].string, annotation, value, indent)
        _require_plain(value)
    bars = _union_bars(annotation)
    closing = pad + ")" + (" = " + _render(value) if value else "")
    inner = pad + "    "
    has_brackets = any(tok.string in _OPENERS for tok in annotation)
    if bars:
        if len(bars) == 1 and annotation[-1].string in _CLOSERS:
            raise Unsupported
        lines = [_fits(name + "(")]
        one_line = inner + _render(annotation)
        if _width(one_line) <= LINE_LENGTH:
            lines.append(one_line)
        else:
            lines.extend(_operands(inner, annotation, bars))
        return "\n".join([*lines, _fits(closing)])
    if not has_brackets:
        body = inner + _render(annotation)
        if _width(body) > LINE_LENGTH:
            # Even alone on a line the annotation would not fit: black leaves it.
            if value or not _unsplittable(annotation, "("):
                raise Unsupported
            return pad + _render(tokens)
        return "\n".join([_fits(name + "("), body, _fits(closing)])
    if value or annotation[-1].string != "]":
        raise Unsupported
    opener = _matching_opener(annotation, len(annotation) - 1)
    if opener < 1 or any(tok.string in _OPENERS for tok in annotation[:opener]):
        raise Unsupported
    contents = annotation[opener + 1 : -1]
    if not contents or _top_level_commas(contents):
        raise Unsupported
    head = _fits(name + _render(annotation[:opener]) + "[")
    body = inner + _render(contents, "[")
    if not _unsplittable(contents, "["):
        _fits(body)  # a long name or string stays long; anything else is black's
    return "\n".join([head, body, pad + "]"])


def _annotation_apart(
    name: str, annotation: list[Token], value: list[Token], indent: int
) -> str:
    """``name: Annotation = value`` when even ``name: Annotation = (`` is too long:
    black puts the annotation (a plain name) in parentheses of its own, then
    splits the value after ``) =`` if it is still too long: a subscript inside its
    brackets, a union of plain names in parentheses."""
    pad = " " * indent
    inner = pad + "    "
    lines = [_fits(pad + name + ": ("), _fits(inner + _render(annotation))]
    top = [tok for i, tok in enumerate(value) if _level_at(value, i) == 0]
    operators = any(tok.type == tokenize.OP and tok.string not in "[]." for tok in top)
    if operators and not _union_bars(value):
        raise Unsupported
    # With an operator, black shows the value's parentheses even on one line.
    tail = pad + ") = " + ("(" + _render(value) + ")" if operators else _render(value))
    if _width(tail) <= LINE_LENGTH:
        return "\n".join([*lines, tail])
    if value[-1].string == "]" and _subscript_end(value):
        opener = _matching_opener(value, len(value) - 1)
        if any(tok.string in _OPENERS for tok in value[:opener]):
            raise Unsupported
        contents = value[opener + 1 : -1]
        if any(tok.string in _OPENERS for tok in contents):
            raise Unsupported
        head = _fits(pad + ") = " + _render(value[: opener + 1]))
        body = _fits(inner + _render(contents, "["))
        return "\n".join([*lines, head, body, pad + "]"])
    if _union_bars(value) and not any(tok.string in _OPENERS for tok in value):
        body = _fits(inner + _render(value))
        return "\n".join([*lines, pad + ") = (", body, pad + ")"])
    raise Unsupported


def _subscript_end(tokens: list[Token]) -> bool:
    opener = _matching_opener(tokens, len(tokens) - 1)
    return opener > 0 and tokens[opener - 1].type == tokenize.NAME


def _split_class(tokens: list[Token], indent: int, line: str) -> str:
    """A too long ``class Name(Base):``: its bases go on a line of their own."""
    if len(tokens) == 3 and tokens[2].string == ":":
        return line  # nothing black could split
    if len(tokens) < 6 or tokens[2].string != "(" or tokens[-2].string != ")":
        raise Unsupported
    if tokens[-1].string != ":" or _matching_opener(tokens, len(tokens) - 2) != 2:
        raise Unsupported
    bases = tokens[3:-2]
    if _top_level_commas(bases):
        raise Unsupported
    # Black splits even when the head stays too long: there is nothing better.
    head = " " * indent + "class " + tokens[1].string + "("
    body = _fits(" " * (indent + 4) + _render(bases, "("))
    return "\n".join([head, body, " " * indent + "):"])


def _annotation_and_value(
    tokens: list[Token],
) -> tuple[list[Token], list[Token]]:
    """``name: annotation [= value]`` split at its one top-level ``=``."""
    equals = [
        i
        for i, tok in enumerate(tokens)
        if tok.string == "=" and _level_at(tokens, i) == 0
    ]
    if len(equals) > 1:
        raise Unsupported
    end = equals[0] if equals else len(tokens)
    return tokens[2:end], tokens[end + 1 :]


def _require_plain(value: list[Token]) -> None:
    """Only a dotted name or a literal: anything else might be split by black too."""
    for tok in value:
        if tok.string in _OPENERS or (tok.type == tokenize.OP and tok.string != "."):
            raise Unsupported


def _union_bars(annotation: list[Token]) -> list[int]:
    """Where a ``|`` union splits the annotation; refuses operators and keywords black treats apart."""
    top = [tok for i, tok in enumerate(annotation) if _level_at(annotation, i) == 0]
    for tok in top:
        if tok.type == tokenize.OP and tok.string not in (
            {"|", "."} | _OPENERS.keys() | _CLOSERS
        ):
            raise Unsupported
        if tok.type == tokenize.NAME and keyword.iskeyword(tok.string):
            if tok.string not in {"None", "True", "False"}:
                raise Unsupported
    return [
        i
        for i, tok in enumerate(annotation)
        if tok.string == "|" and _level_at(annotation, i) == 0
    ]


def _operands(prefix: str, annotation: list[Token], bars: list[int]) -> list[str]:
    """One line per operand of a union split at its bars."""
    pieces, start = [], 0
    for cut in [*bars, len(annotation)]:
        pieces.append(_piece(prefix, annotation[start:cut]))
        start = cut
    return pieces


def _piece(prefix: str, tokens: list[Token], operator: str = "|") -> str:
    """One operand of a split at operators: black leaves it long if it has no bracket."""
    lead = operator + " " if tokens[0].string == operator else ""
    operand = tokens[1:] if lead else tokens
    line = prefix + lead + _render(operand)
    if _width(line) > LINE_LENGTH and any(tok.string in _OPENERS for tok in tokens):
        if operator != "|":
            raise Unsupported
        return _split_subscript(prefix + lead, operand, len(prefix))
    return line


def _split_subscript(head: str, tokens: list[Token], indent: int) -> str:
    """A too long ``Name[A | B]`` operand of a union: split inside its brackets,
    and the inside at its bars if it does not fit either."""
    if tokens[-1].string != "]":
        raise Unsupported
    opener = _matching_opener(tokens, len(tokens) - 1)
    name = tokens[:opener]
    if not name or any(tok.type != tokenize.NAME and tok.string != "." for tok in name):
        raise Unsupported
    contents = tokens[opener + 1 : -1]
    if not contents or _top_level_commas(contents):
        raise Unsupported
    inner = " " * (indent + 4)
    one_line = inner + _render(contents, "[")
    if _width(one_line) <= LINE_LENGTH:
        body = [one_line]
    else:
        bars = _union_bars(contents)
        if not bars:
            raise Unsupported
        body = _operands(inner, contents, bars)
    return "\n".join([_fits(head + _render(name) + "["), *body, " " * indent + "]"])


def _split_parameter(tokens: list[Token], indent: int, line: str) -> str:
    """A too long ``name: annotation = default,`` in a split parameter list.

    Black wraps the annotation in parentheses when that helps: always when it is
    a union, and otherwise only when the bare annotation then fits.
    """
    if len(tokens) < 3 or tokens[1].string != ":" or tokens[0].type != tokenize.NAME:
        raise Unsupported
    annotation, value = _annotation_and_value(tokens)
    if not annotation:
        raise Unsupported
    _require_plain(value)
    bars = _union_bars(annotation)
    pad = " " * indent
    inner = pad + "    "
    head = _fits(pad + tokens[0].string + ": (")
    closing = _fits(pad + ")" + (" = " + _render(value) if value else "") + ",")
    one_line = inner + _render(annotation)
    if not bars:
        if any(tok.string in _OPENERS for tok in annotation):
            raise Unsupported
        if _width(one_line) > LINE_LENGTH:
            return line  # black cannot do better: the line stays long
        return "\n".join([head, one_line, closing])
    if len(bars) == 1 and annotation[-1].string in _CLOSERS:
        raise Unsupported
    if annotation[0].string in _OPENERS:
        raise Unsupported
    if _width(one_line) <= LINE_LENGTH:
        return "\n".join([head, one_line, closing])
    return "\n".join([head, *_operands(inner, annotation, bars), closing])


def class_members(block: str) -> tuple[str, list[str]] | None:
    """A class block cut at the blank lines of its body, or None where that is unsafe.

    The head is the class line (with its decorators) and the first group of
    statements of its body (its docstring, or its first fields); each further group
    starts after a blank line at the body's indentation: a method, or fields.  Black
    formats each group the same whatever the others hold, and puts exactly one blank
    line between them.  So a big class (a client's operation group, a model with one
    unusual line) can be formatted group by group, the fast path taking the groups
    it knows and black only the others, instead of black taking the whole class.
    """
    text = block.strip("\n") + "\n"
    lines = text.split("\n")[:-1]
    try:
        logicals = _logical_lines(text)
    except (Unsupported, TokenizeError):
        return None
    at = 0
    while at < len(logicals) and logicals[at].tokens[0].string == "@":
        at += 1
    if at >= len(logicals) or logicals[at].tokens[0].string != "class":
        return None
    if _indent(lines[logicals[at].first]) or logicals[at].tokens[-1].string != ":":
        return None
    starts: list[int] = []
    after_decorator = False
    body = False  # the first statement of the body stays with the class line
    for logical in logicals[at + 1 :]:
        indent = _indent(lines[logical.first])
        if indent > 4:
            continue
        if indent < 4 or logical.comments:
            return None
        if body and not after_decorator and not lines[logical.first - 1].strip():
            if _is_string_statement(logical):
                return None  # it would be the docstring of a group on its own
            starts.append(logical.first)
        after_decorator = logical.tokens[0].string == "@"
        body = True
    if not starts:
        return None
    groups = []
    for start, end in zip([0, *starts], [*starts, len(lines)]):
        rows = lines[start:end]
        while rows and not rows[-1].strip():
            rows.pop()
        group = "\n".join(rows) + "\n"
        if group.rstrip().endswith("..."):
            return None  # stubs may sit without blank lines between them
        groups.append(group)
    return groups[0], groups[1:]
